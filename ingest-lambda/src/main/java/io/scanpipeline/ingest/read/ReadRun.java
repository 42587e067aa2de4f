package io.scanpipeline.ingest.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one {@link RecordReader#read} call once the stream is decompressed: preamble checks, format
 * detection, the JSON and NDJSON loops, counters and delivery. Not thread-safe; one instance per read.
 */
final class ReadRun implements PathWalker.Sink {

    /** How far AUTO looks for the end of the first line. Longer first lines are read as JSON (see InputFormat). */
    static final int DETECTION_WINDOW = 1024 * 1024;

    private static final int READ_AHEAD_SLACK = 64 * 1024;

    private record Pending(JsonNode value, ObjectNode context, long byteOffset, long line) {}

    private final ObjectMapper mapper = Json.mapper();
    /** Parsers for the input: the shared mapper's depth limit; number and string length only bounded by size. */
    private final JsonFactory factory;

    private final RecordPaths paths;
    private final InputFormat requested;
    private final int maxRecordBytes;
    private final ReadLimits limits;
    private final RecordVisitor visitor;
    private final PathWalker walker;
    private final boolean[] matched;
    private long delivered;
    private long malformed;
    private long cleanDocuments;
    private InputFormat format = InputFormat.AUTO;
    private boolean complete;
    /** Records of the current NDJSON line, delivered only when the whole line parsed; null in JSON mode. */
    private List<Pending> pending;
    /** Source bytes held by {@link #pending} (records and their contexts), and whether the line passed a bound. */
    private long pendingBytes;

    private boolean lineOverflow;
    private NameSurrogateRepair names;

    ReadRun(RecordPaths paths, InputFormat requested, ReadLimits limits, RecordVisitor visitor) {
        int maxRecordBytes = limits.maxRecordBytes();
        this.limits = limits;
        this.paths = paths;
        this.requested = requested;
        this.maxRecordBytes = maxRecordBytes;
        this.visitor = visitor;
        this.factory = parserFactory(maxRecordBytes);
        this.walker = new PathWalker(mapper, paths, this, limits.maxContextBytes());
        this.matched = new boolean[paths.paths().size()];
    }

    /**
     * Jackson's number-length limit would end a whole JSON document at one long number, and its conversions can
     * fail on legal numbers (1e2147483648); the walker converts numbers itself (TreeReader), so the parser only
     * bounds a token by the record size (at least Jackson's default string limit).
     */
    private static JsonFactory parserFactory(int maxRecordBytes) {
        int tokenLimit = Math.max(maxRecordBytes, StreamReadConstraints.DEFAULT_MAX_STRING_LEN);
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Json.MAX_NESTING_DEPTH)
                        .maxNumberLength(tokenLimit)
                        .maxStringLength(tokenLimit)
                        .build())
                .build();
    }

    /**
     * Reads everything; Jackson errors become reports, other IOExceptions propagate.
     *
     * @param names the repair the bytes of {@code src} went through (lone surrogates in field names)
     */
    void run(ByteSource src, NameSurrogateRepair names) throws IOException {
        this.names = names;
        long line = skipPreamble(src);
        int first = src.peek(0);
        if (first < 0) {
            report(
                    -1,
                    src.position(),
                    line,
                    src.position() == 0 ? "empty file" : "empty file: nothing but whitespace or a byte-order mark",
                    null);
            return;
        }
        if (first != '{' && first != '[') {
            rejectNotJson(src, first, line);
            return;
        }
        format = requested == InputFormat.AUTO ? detect(src) : requested;
        complete = format == InputFormat.NDJSON ? readNdjson(src, line) : readJson(src, line);
        if (complete
                && cleanDocuments > 0
                && unmatched().size() == paths.paths().size()) {
            report(
                    -1,
                    -1,
                    -1,
                    "record path" + (matched.length > 1 ? "s " : " ") + String.join(", ", paths.paths())
                            + " matched nothing; " + walker.describeTopLevel(),
                    null,
                    RejectReason.RECORD_PATH_UNMATCHED);
        }
    }

    /** Reading stopped because the gzip data is corrupt or truncated. */
    void corruptGzip(IOException e, ByteSource src) {
        complete = false;
        report(
                delivered,
                src == null ? 0 : src.position(),
                -1,
                "corrupt or truncated gzip data: " + e.getMessage(),
                null);
    }

    /** Reading stopped because the gzip data decompressed past a {@link ReadLimits} bound. */
    void decompressionLimit(DecompressionGuard.LimitExceeded e, ByteSource src) {
        complete = false;
        report(delivered, src == null ? 0 : src.position(), -1, e.getMessage(), null, RejectReason.DECOMPRESSION_LIMIT);
    }

    ReadSummary summary(long bytesRead, boolean gzip) {
        return new ReadSummary(delivered, malformed, bytesRead, gzip, format, complete, unmatched());
    }

    @Override
    public void record(JsonNode value, ObjectNode context, long byteOffset, long line, long sourceBytes) {
        if (sourceBytes > maxRecordBytes) {
            // the tree existed for a moment; refusing it keeps oversized items out of the pipeline
            report(
                    delivered,
                    byteOffset,
                    line,
                    "record of " + sourceBytes + " bytes is larger than the limit of " + maxRecordBytes + " bytes",
                    null,
                    RejectReason.RECORD_TOO_LARGE);
        } else if (pending != null) {
            if (lineOverflow) {
                return;
            }
            pendingBytes += sourceBytes + contextSize(context);
            if (pending.size() >= limits.maxRecordsPerLine() || pendingBytes > maxRecordBytes) {
                lineOverflow = true; // the line is refused whole; drop what it built so far
                pending.clear();
                return;
            }
            pending.add(new Pending(value, context, byteOffset, line));
        } else {
            visitor.record(new SourceRecord(delivered++, value, context, byteOffset, line));
        }
    }

    @Override
    public void tooLarge(long byteOffset, long line, long bytes) {
        report(
                delivered,
                byteOffset,
                line,
                "record is larger than the limit of " + maxRecordBytes
                        + " bytes (MAX_RECORD_BYTES): found after " + bytes
                        + " bytes; the rest of it was skipped, not read into"
                        + " memory",
                null,
                RejectReason.RECORD_TOO_LARGE);
    }

    @Override
    public void contextTooLarge(long byteOffset, long line, long contextBytes) {
        report(
                delivered,
                byteOffset,
                line,
                "the scalar fields of the record's enclosing objects pass the limit of " + limits.maxContextBytes()
                        + " bytes (MAX_CONTEXT_BYTES); the record was skipped",
                null,
                RejectReason.CONTEXT_TOO_LARGE);
    }

    /** What a context adds to a pending NDJSON line (its fields are shared, but counted per record: a bound). */
    private static long contextSize(ObjectNode context) {
        long size = 0;
        for (var it = context.fields(); it.hasNext(); ) {
            var field = it.next();
            size += field.getKey().length()
                    + (field.getValue().isTextual()
                            ? field.getValue().textValue().length()
                            : 8);
        }
        return size;
    }

    @Override
    public void matched(int pathId) {
        matched[pathId] = true;
    }

    /** Skips a UTF-8 BOM and leading whitespace; returns the line of the first significant byte. */
    private static long skipPreamble(ByteSource src) throws IOException {
        if (src.peek(0) == 0xEF && src.peek(1) == 0xBB && src.peek(2) == 0xBF) {
            src.consume(3);
        }
        long line = 1;
        while (true) {
            int i = 0;
            int c;
            while (i < 8192 && isWhitespace(c = src.peek(i))) {
                i++;
                if (c == '\n' || (c == '\r' && src.peek(i) != '\n')) { // "\r\n" counts once, as Jackson does
                    line++;
                }
            }
            src.consume(i);
            if (i < 8192) {
                return line;
            }
        }
    }

    private void rejectNotJson(ByteSource src, int first, long line) throws IOException {
        int n = 0;
        while (n < ByteSource.EXCERPT_BYTES && src.peek(n) >= 0) {
            n++;
        }
        String shown = first >= 0x20 && first < 0x7F
                ? "'" + (char) first + "' (0x" + hex(first) + ")"
                : "byte 0x" + hex(first);
        String hint = first == 0xFE || first == 0xFF ? " (a UTF-16 byte-order mark? only UTF-8 is supported)" : "";
        report(
                -1,
                src.position(),
                line,
                "not JSON: starts with " + shown + hint + " at byte " + src.position() + "; expected '{' or '['",
                ByteSource.utf8(src.lookahead(n), 0, n));
    }

    /** NDJSON when the first line is exactly one complete JSON value and something other than whitespace follows. */
    private InputFormat detect(ByteSource src) throws IOException {
        int newline = 0;
        for (int c; (c = src.peek(newline)) != '\n'; newline++) {
            if (c < 0 || newline == DETECTION_WINDOW) {
                return InputFormat.JSON;
            }
        }
        if (!isOneValue(src.lookahead(newline))) {
            return InputFormat.JSON;
        }
        for (int i = newline + 1; i <= newline + DETECTION_WINDOW; i++) {
            int c = src.peek(i);
            if (c < 0) {
                return InputFormat.JSON;
            }
            if (!isWhitespace(c)) {
                return InputFormat.NDJSON;
            }
        }
        return InputFormat.JSON;
    }

    private boolean isOneValue(byte[] line) throws IOException {
        try (JsonParser p = factory.createParser(line)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Streams the document(s); returns false when a syntax error stopped it. */
    private boolean readJson(ByteSource src, long line) throws IOException {
        long base = src.position();
        // the parser reads ahead of its tokens by at most one buffer (8,000 bytes): allow for it, then check exactly
        walker.bound(src::position, (long) maxRecordBytes + READ_AHEAD_SLACK);
        JsonParser p = new NameRepairingParser(factory.createParser(src), names, base);
        try { // not try-with-resources: the catch block needs the parser open to ask where it stopped
            while (p.nextToken() != null) { // several top-level values are read as concatenated JSON
                walker.walk(p, base, line);
                cleanDocuments++;
            }
            return true;
        } catch (JsonProcessingException e) {
            RecordReader.rethrowIfUpstream(e);
            // Stop here: after a syntax error the nesting level and string state are unknown, so resuming would
            // risk turning fragments into records or attributing records to the wrong path and context.
            JsonLocation at = where(e, p);
            long offset = at.getByteOffset() < 0 ? -1 : base + at.getByteOffset();
            report(
                    delivered,
                    offset,
                    at.getLineNr() < 1 ? -1 : line + at.getLineNr() - 1,
                    message(e),
                    offset < 0 ? null : src.excerptAround(offset),
                    kindOf(e));
            return false;
        } finally {
            p.close();
        }
    }

    /** One value per line; a bad line is reported and skipped. Always reads to the end. */
    private boolean readNdjson(ByteSource src, long line) throws IOException {
        LineSplitter lines = new LineSplitter(src, maxRecordBytes, src.position(), line);
        pending = new ArrayList<>();
        while (lines.next()) {
            if (lines.tooLong()) {
                report(
                        delivered,
                        lines.offset(),
                        lines.lineNumber(),
                        "line " + lines.lineNumber() + " is longer than the limit of " + maxRecordBytes + " bytes",
                        ByteSource.utf8(lines.buffer(), lines.start(), lines.length()),
                        RejectReason.RECORD_TOO_LARGE);
            } else if (!lines.isBlank()) {
                readLine(lines);
            }
        }
        pending = null;
        return true;
    }

    private void readLine(LineSplitter lines) throws IOException {
        pending.clear();
        pendingBytes = 0;
        lineOverflow = false;
        JsonParser p = new NameRepairingParser(
                factory.createParser(lines.buffer(), lines.start(), lines.length()), names, lines.offset());
        try {
            p.nextToken();
            walker.walk(p, lines.offset(), lines.lineNumber());
            if (p.nextToken() != null) {
                long at = p.currentTokenLocation().getByteOffset();
                report(
                        delivered,
                        lines.offset() + at,
                        lines.lineNumber(),
                        "more than one JSON value on line " + lines.lineNumber() + " (NDJSON has one per line)",
                        lineExcerpt(lines, at));
                return;
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = where(e, p);
            long inLine = Math.max(0, at.getByteOffset());
            report(
                    delivered,
                    lines.offset() + inLine,
                    lines.lineNumber(),
                    message(e),
                    lineExcerpt(lines, inLine),
                    kindOf(e));
            return;
        } finally {
            p.close();
        }
        cleanDocuments++;
        if (lineOverflow) {
            report(
                    delivered,
                    lines.offset(),
                    lines.lineNumber(),
                    "line " + lines.lineNumber() + " yields more than "
                            + limits.maxRecordsPerLine() + " records (MAX_RECORDS_PER_LINE) or holds more than "
                            + maxRecordBytes + " bytes of records and contexts; none of its records was delivered",
                    lineExcerpt(lines, 0),
                    RejectReason.TOO_MANY_RECORDS_IN_LINE);
            return;
        }
        for (Pending r : pending) {
            visitor.record(new SourceRecord(delivered++, r.value(), r.context(), r.byteOffset(), r.line()));
        }
        pending.clear();
    }

    private static String lineExcerpt(LineSplitter lines, long errorInLine) {
        int length = lines.length();
        int from = (int)
                Math.max(0, Math.min(errorInLine - ByteSource.EXCERPT_BYTES / 2, length - ByteSource.EXCERPT_BYTES));
        return ByteSource.utf8(lines.buffer(), lines.start() + from, Math.min(length - from, ByteSource.EXCERPT_BYTES));
    }

    private List<String> unmatched() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < matched.length; i++) {
            if (!matched[i]) {
                out.add(paths.paths().get(i));
            }
        }
        return out;
    }

    private void report(long recordIndex, long byteOffset, long line, String reason, String excerpt) {
        report(recordIndex, byteOffset, line, reason, excerpt, RejectReason.MALFORMED_JSON);
    }

    private void report(
            long recordIndex, long byteOffset, long line, String reason, String excerpt, RejectReason kind) {
        malformed++;
        visitor.malformed(new MalformedInput(recordIndex, byteOffset, line, reason, excerpt, kind));
    }

    /**
     * Syntax errors carry the offending byte's location; constraint violations (depth, number length) carry none,
     * and then the token being read when the limit was hit is the offender.
     */
    private static JsonLocation where(JsonProcessingException e, JsonParser p) {
        return e.getLocation() != null ? e.getLocation() : p.currentTokenLocation();
    }

    /**
     * Jackson refuses a lone surrogate escape in a field name ("Unexpected low surrogate in field name", "Broken
     * surrogate pair in field name"). {@link NameSurrogateRepair} lets such names through, so this is left for text
     * it could not follow (nesting past its depth): JSON, but not valid Unicode, and reported as such.
     */
    private static RejectReason kindOf(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m != null && m.contains("surrogate") ? RejectReason.INVALID_UNICODE : RejectReason.MALFORMED_JSON;
    }

    private static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }
}
