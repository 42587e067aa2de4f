package io.scanpipeline.ingest.read;

import io.scanpipeline.ingest.quarantine.RejectReason;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Streams the records out of a JSON, concatenated-JSON or NDJSON file, gzip-compressed or not, holding one record
 * in memory at a time.
 *
 * <p>What it does with a stream:
 * <ul>
 *   <li>gzip is recognised by its magic bytes (1f 8b), never by a file name; a UTF-8 BOM and leading whitespace
 *       are skipped. Byte offsets and lines refer to the decompressed stream, BOM included.</li>
 *   <li>An empty stream, or one whose first significant byte is not <code>&#123;</code> or {@code [} (CSV, XML, binary),
 *       gives exactly one {@link MalformedInput} and no records.</li>
 *   <li>Records are selected by {@link RecordPaths}, all paths in one pass; each record comes with its context
 *       (see {@link SourceRecord#context()}). Fields that come after a record array in the stream are not in the
 *       context of its records: the reader never looks ahead, which is what keeps memory flat.</li>
 *   <li>Framing follows {@link InputFormat}. In NDJSON the record paths apply inside each line: a line is a
 *       document, so {@code /findings} on concatenated pages of an API export ({@code {"findings":[..]}} per line)
 *       yields the findings, and a root path makes each line a record. Each NDJSON line is all-or-nothing: its
 *       records are delivered only when the whole line parsed.</li>
 *   <li>Paths that matched nothing are listed in {@link ReadSummary#unmatchedPaths()}; when none of the paths
 *       matched anything (and the input parsed), one file-level {@link MalformedInput} says so and names the
 *       top-level fields (up to 20), so a wrong path spec is never a silent zero-record success. A path whose
 *       end is present but empty ({@code []} or {@code null}) counts as matched.</li>
 *   <li>Bounds ({@link ReadLimits}), each reported with its own {@link RejectReason}: a record (NDJSON: line)
 *       larger than {@code maxRecordBytes} is skipped <em>while</em> it is read, never built whole, and the next
 *       one is read; gzip stops past a decompressed size or ratio; an NDJSON line yielding too many records (or
 *       too many bytes of records and contexts) is refused whole; records whose context (scalar fields of their
 *       enclosing objects) passes {@code maxContextBytes} are skipped.</li>
 *   <li>Jackson's nesting limit (512) surfaces as a {@link MalformedInput} with Jackson's message. Numbers stay
 *       exact, with the node types of {@code Json.mapper()}; a number longer than 1,000 characters or with an
 *       exponent beyond a 32-bit int is kept as its text ({@code UnconvertedNumberNode}), never an error.</li>
 * </ul>
 *
 * <p>Thread-safe: the reader holds only configuration; each {@link #read} call has its own state.
 */
public final class RecordReader {

    /** Default cap on one record's (or NDJSON line's) size in the source: 16 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final int BUFFER = 64 * 1024;

    private final RecordPaths paths;
    private final InputFormat format;
    private final ReadLimits limits;

    /** AUTO format, 16 MiB record cap. */
    public RecordReader(RecordPaths paths) {
        this(paths, InputFormat.AUTO, DEFAULT_MAX_RECORD_BYTES);
    }

    /** 16 MiB record cap. */
    public RecordReader(RecordPaths paths, InputFormat format) {
        this(paths, format, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param paths          where the records are
     * @param format         how the stream is framed; {@link InputFormat#AUTO} decides from the content
     * @param maxRecordBytes largest record (NDJSON: line) accepted, in source bytes; 1 byte to 1 GiB
     */
    public RecordReader(RecordPaths paths, InputFormat format, int maxRecordBytes) {
        this(paths, format, ReadLimits.DEFAULTS.withMaxRecordBytes(maxRecordBytes));
    }

    /**
     * @param paths  where the records are
     * @param format how the stream is framed
     * @param limits what one stream may make the reader hold or read (see {@link ReadLimits})
     */
    public RecordReader(RecordPaths paths, InputFormat format, ReadLimits limits) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.format = Objects.requireNonNull(format, "format");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads every record of the stream and hands each to the visitor, in stream order, on this thread.
     *
     * <p>Never throws for bad input: that goes to {@link RecordVisitor#malformed} (corrupt gzip data included).
     * The stream is not closed; the caller owns it.
     *
     * @param in      the object's bytes, gzip-compressed or not; read once, sequentially
     * @param visitor receives the records and problems
     * @return counts and what was detected
     * @throws IOException exactly as thrown by {@code in} (a network failure, say); these are worth a retry.
     *                     Records delivered before it were delivered.
     */
    public ReadSummary read(InputStream in, RecordVisitor visitor) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(visitor, "visitor");
        Upstream upstream = new Upstream(in);
        BufferedInputStream raw = new BufferedInputStream(upstream, BUFFER);
        ReadRun run = new ReadRun(paths, format, limits, visitor);
        boolean gzip = false;
        GZIPInputStream gunzip = null;
        ByteSource src = null;
        try {
            gzip = startsWithGzipMagic(raw);
            if (gzip) {
                gunzip = new GZIPInputStream(raw, BUFFER); // reads the header: may already find it corrupt
            }
            NameSurrogateRepair names =
                    new NameSurrogateRepair(gzip ? new DecompressionGuard(gunzip, limits, upstream::bytesRead) : raw);
            src = new ByteSource(names);
            run.run(src, names);
        } catch (DecompressionGuard.LimitExceeded e) {
            run.decompressionLimit(e, src);
        } catch (IOException e) {
            rethrowIfUpstream(e);
            if (!gzip) {
                throw e; // only the gzip decoder raises other IOExceptions; anything else is a bug, not input
            }
            run.corruptGzip(e, src);
        } finally {
            if (gunzip != null) {
                gunzip.close(); // frees the native Inflater; Upstream.close() leaves `in` open
            }
        }
        return run.summary(src == null ? 0 : src.bytesPulled(), gzip);
    }

    private static boolean startsWithGzipMagic(BufferedInputStream raw) throws IOException {
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        return b1 == 0x1F && b2 == 0x8B;
    }

    /**
     * Throws the caller's original exception when {@code e} is, or was caused by, a failure of the caller's
     * stream; returns otherwise. This is how the caller's failures are told apart from bad content.
     */
    static void rethrowIfUpstream(IOException e) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UpstreamFailure failure) {
                throw (IOException) failure.getCause();
            }
        }
    }

    /** Marks exceptions of the caller's stream on their way through the decoder and the parser. */
    private static final class UpstreamFailure extends IOException {
        UpstreamFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The caller's stream, with its exceptions marked and its close() disabled. */
    private static final class Upstream extends FilterInputStream {
        private long bytesRead;

        Upstream(InputStream in) {
            super(in);
        }

        /** Bytes taken from the caller's stream so far (for the decompression ratio). */
        long bytesRead() {
            return bytesRead;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                bytesRead += b < 0 ? 0 : 1;
                return b;
            } catch (IOException e) {
                throw new UpstreamFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                bytesRead += Math.max(0, n);
                return n;
            } catch (IOException e) {
                throw new UpstreamFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw new UpstreamFailure(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) {
                throw new UpstreamFailure(e);
            }
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
