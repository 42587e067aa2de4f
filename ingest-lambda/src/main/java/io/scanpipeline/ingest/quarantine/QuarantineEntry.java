package io.scanpipeline.ingest.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.reingest.Reingest;
import java.time.Instant;

/**
 * One rejected record (or one unreadable part of a file), written as one JSON line of the quarantine.
 *
 * @param source      the object it came from
 * @param recordIndex 0-based index of the record in the file, -1 when the problem is not one record
 * @param byteOffset  offset in the (decompressed) file where the record or problem starts, -1 when unknown
 * @param line        1-based line, -1 when unknown
 * @param reason      the kind of problem
 * @param field       the field at fault, "" when none
 * @param message     what exactly is wrong, naming the field
 * @param raw         the record itself when it is small enough, else null
 * @param rawExcerpt  the offending text when the record could not be parsed, else null
 * @param context     the scalar fields of the record's enclosing objects (e.g. a Trivy result's {@code Target}),
 *                    kept with {@code raw} so that {@link Reingest} can rebuild the item from the line alone; null
 *                    when there is no record or no context
 */
public record QuarantineEntry(
        SourceObject source,
        long recordIndex,
        long byteOffset,
        long line,
        RejectReason reason,
        String field,
        String message,
        JsonNode raw,
        String rawExcerpt,
        JsonNode context) {

    /** An entry without a record context. */
    public QuarantineEntry(
            SourceObject source,
            long recordIndex,
            long byteOffset,
            long line,
            RejectReason reason,
            String field,
            String message,
            JsonNode raw,
            String rawExcerpt) {
        this(source, recordIndex, byteOffset, line, reason, field, message, raw, rawExcerpt, null);
    }

    /** The quarantine line. */
    public ObjectNode toJson() {
        ObjectNode line = Json.mapper().createObjectNode();
        ObjectNode src = line.putObject("source");
        src.put("bucket", source.bucket());
        src.put("key", source.key());
        source.versionId().ifPresent(v -> src.put("versionId", v));
        source.sequencer().ifPresent(s -> src.put("sequencer", s));
        if (recordIndex >= 0) {
            line.put("recordIndex", recordIndex);
        }
        if (byteOffset >= 0) {
            line.put("byteOffset", byteOffset);
        }
        if (this.line >= 0) {
            line.put("line", this.line);
        }
        line.put("reason", reason.name());
        line.put("field", field);
        line.put("message", message);
        if (raw != null) {
            line.set("record", raw);
        }
        if (rawExcerpt != null) {
            line.put("excerpt", rawExcerpt);
        }
        if (raw != null && context != null && !context.isEmpty()) {
            line.set("context", context);
        }
        line.put("quarantinedAt", Instant.now().toString());
        return line;
    }
}
