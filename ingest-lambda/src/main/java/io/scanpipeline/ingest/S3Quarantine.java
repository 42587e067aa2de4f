package io.scanpipeline.ingest;

import io.scanpipeline.core.Json;
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
 */
public final class S3Quarantine implements Quarantine {

    private final S3Client s3;
    private final Optional<String> bucket;
    private final String prefix;

    /**
     * @param bucket the quarantine bucket, or empty for the source object's own bucket
     * @param prefix e.g. {@code quarantine/}
     */
    public S3Quarantine(S3Client s3, Optional<String> bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** The S3 key the quarantine of {@code source} is written to. */
    public String keyFor(SourceObject source) {
        return prefix + source.key() + "/" + source.versionId().orElse("unversioned") + ".ndjson";
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
            out.write(Json.mapper().writeValueAsString(entry.toJson()));
            out.write('\n');
            count++;
        }

        @Override
        public synchronized long count() {
            return count;
        }

        @Override
        public synchronized String commit() throws IOException {
            if (out == null) {
                return null;
            }
            out.flush();
            String targetBucket = bucket.orElse(source.bucket());
            String key = firstRecord == 0 ? keyFor(source)
                    : keyFor(source).replaceFirst("\\.ndjson$", ".from-" + firstRecord + ".ndjson");
            try {
                s3.putObject(r -> r.bucket(targetBucket).key(key).contentType("application/x-ndjson"),
                        RequestBody.fromFile(spool));
            } catch (SdkException e) {
                throw new IOException("could not write quarantine s3://" + targetBucket + "/" + key + ": " + e.getMessage(), e);
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
