package io.scanpipeline.forwarder;

import io.scanpipeline.core.Json;
import io.scanpipeline.core.RejectStore;
import io.scanpipeline.core.S3RejectStore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes each quarantined record to the shared {@link RejectStore} (on S3 in production) as one object holding one
 * JSON line (see {@link QuarantineEntry#toJson}). The key is {@code PREFIX + table + "/" + sequenceNumber + ".json"}:
 * derived from the record, so a retried batch overwrites its earlier copy instead of adding another.
 */
public final class S3Quarantine implements Quarantine {

    private final RejectStore store;
    private final String prefix;
    private final Clock clock;

    public S3Quarantine(S3Client s3, String bucket, String prefix, Clock clock) {
        this(new S3RejectStore(s3, bucket), prefix, clock);
    }

    public S3Quarantine(RejectStore store, String prefix, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public void put(QuarantineEntry entry) {
        String line;
        try {
            line = Json.mapper().writeValueAsString(entry.toJson(clock.instant())) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        store.put(key(entry), line.getBytes(StandardCharsets.UTF_8));
    }

    /** The object key of {@code entry}. */
    public String key(QuarantineEntry entry) {
        String table = entry.table() == null ? "unknown-table" : entry.table();
        return prefix + table + "/" + entry.sequenceNumber() + ".json";
    }
}
