package io.scanpipeline.ingest.quarantine;

import io.scanpipeline.core.ItemCodec;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.Sha256;
import io.scanpipeline.core.Utf16;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.reingest.Reingest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The quarantine as NDJSON objects in S3: {@code <prefix><source key>/<versionId or "unversioned">.ndjson}, one per
 * source object version, one line per rejected record. The name depends only on the source, so a redelivered
 * event overwrites its own quarantine object instead of adding a second one. Lines are spooled to a temporary file
 * first: a file with a million bad lines does not fill the heap.
 *
 * <p>S3 keys are at most 1,024 UTF-8 bytes, and the name adds the prefix, the version and a suffix to the source
 * key. When the readable name would be longer, the source key is cut (never inside a character) and followed by
 * {@code ~} and 32 hex digits of its SHA-256, so any legal source key gives a legal, deterministic quarantine key;
 * the full source key is always inside each quarantine line ({@code source.key}).
 */
public final class S3Quarantine implements Quarantine {

    /** S3's limit on a key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    private static final int HASH_HEX_DIGITS = 32;
    /** Leaves room for a hashed name (~ + 64 hex digits + .ndjson) under any prefix that passes the check. */
    private static final int MAX_PREFIX_BYTES = 512;

    private final S3Client s3;
    private final Optional<String> bucket;
    private final String prefix;
    private final boolean replacing;

    /**
     * @param bucket the quarantine bucket, or empty for the source object's own bucket
     * @param prefix e.g. {@code quarantine/}
     */
    public S3Quarantine(S3Client s3, Optional<String> bucket, String prefix) {
        this(s3, bucket, prefix, false);
    }

    /**
     * The quarantine of a re-ingest ({@link Reingest}): a commit makes a version's quarantine object hold exactly
     * the lines of this pass. It is left untouched when it already holds them (apart from {@code quarantinedAt}),
     * and deleted when the pass quarantined nothing, since every record it listed has now landed.
     */
    public static S3Quarantine replacing(S3Client s3, Optional<String> bucket, String prefix) {
        return new S3Quarantine(s3, bucket, prefix, true);
    }

    private S3Quarantine(S3Client s3, Optional<String> bucket, String prefix, boolean replacing) {
        if (utf8Length(prefix) > MAX_PREFIX_BYTES) {
            throw new IllegalArgumentException("quarantine prefix is " + utf8Length(prefix) + " bytes; at most "
                    + MAX_PREFIX_BYTES + " leave room for the object names under it");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.replacing = replacing;
    }

    /** The S3 key the quarantine of {@code source} is written to; at most 1,024 UTF-8 bytes (S3's limit). */
    public String keyFor(SourceObject source) {
        String version = source.versionId().orElse("unversioned");
        String suffix = "/" + version + ".ndjson";
        String readable = prefix + source.key() + suffix;
        if (utf8Length(readable) <= MAX_KEY_BYTES) {
            return readable;
        }
        String hash = "~" + Sha256.hex(source.key()).substring(0, HASH_HEX_DIGITS);
        int room = MAX_KEY_BYTES - utf8Length(prefix) - utf8Length(hash) - utf8Length(suffix);
        if (room >= 0) {
            return prefix + utf8Prefix(source.key(), room) + hash + suffix;
        }
        // a version id too long to keep readable: one hash names key and version together
        return prefix + "~" + Sha256.hex(source.key() + "\n" + version) + ".ndjson";
    }

    private static int utf8Length(String s) {
        return (int) ItemCodec.utf8Length(s);
    }

    /** The longest start of {@code s} of at most {@code maxBytes} UTF-8 bytes, never splitting a character. */
    private static String utf8Prefix(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    @Override
    public Sink open(SourceObject source) {
        return new SpoolSink(source, 0);
    }

    /** A piece after a deadline writes {@code <versionId>.from-<first record>.ndjson} beside the first piece's. */
    @Override
    public Sink open(SourceObject source, long firstRecord) {
        return new SpoolSink(source, firstRecord);
    }

    private final class SpoolSink implements Sink {
        private final SourceObject source;
        private final long firstRecord;
        private Path spool;
        private BufferedWriter out;
        private long count;

        SpoolSink(SourceObject source, long firstRecord) {
            this.source = source;
            this.firstRecord = firstRecord;
        }

        @Override
        public synchronized void add(QuarantineEntry entry) throws IOException {
            if (out == null) {
                spool = Files.createTempFile("quarantine-", ".ndjson");
                out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
            }
            // a quarantined record may hold lone surrogates: escaped, the line keeps them exactly and is UTF-8
            out.write(Utf16.escapeLoneSurrogatesInJson(Json.mapper().writeValueAsString(entry.toJson())));
            out.write('\n');
            count++;
        }

        @Override
        public synchronized long count() {
            return count;
        }

        @Override
        public synchronized String commit() throws IOException {
            String targetBucket = bucket.orElse(source.bucket());
            String key = firstRecord == 0
                    ? keyFor(source)
                    : keyFor(source).replaceFirst("\\.ndjson$", ".from-" + firstRecord + ".ndjson");
            if (out == null) {
                if (replacing) {
                    QuarantineObjects.deleteIfPresent(s3, targetBucket, key);
                }
                return null;
            }
            out.flush();
            if (replacing) {
                QuarantineObjects.replace(s3, targetBucket, key, spool);
                return "s3://" + targetBucket + "/" + key;
            }
            try {
                s3.putObject(
                        r -> r.bucket(targetBucket).key(key).contentType("application/x-ndjson"),
                        RequestBody.fromFile(spool));
            } catch (SdkException e) {
                throw new IOException(
                        "could not write quarantine s3://" + targetBucket + "/" + key + ": " + e.getMessage(), e);
            }
            return "s3://" + targetBucket + "/" + key;
        }

        @Override
        public synchronized void close() throws IOException {
            if (out != null) {
                out.close();
                Files.deleteIfExists(spool);
                out = null;
            }
        }
    }
}
