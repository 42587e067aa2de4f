package io.scanpipeline.forwarder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.Json;
import java.time.Instant;

/**
 * A stream record that can never be published to Kinesis, with the reason.
 *
 * @param table          the table, or null when it could not be determined
 * @param sequenceNumber the stream sequence number
 * @param streamEventId  DynamoDB's own id of the stream record, or null
 * @param reason         why it cannot be published, for a person to read
 * @param envelope       the envelope when one could be built (e.g. it was too large), else null
 */
public record QuarantineEntry(
        String table, String sequenceNumber, String streamEventId, String reason, ChangeEnvelope envelope) {

    public QuarantineEntry {
        if (sequenceNumber == null || reason == null) {
            throw new IllegalArgumentException("a quarantine entry needs a sequence number and a reason");
        }
    }

    /**
     * The entry as one JSON object: {@code reason}, {@code table}, {@code sequenceNumber}, {@code streamEventId},
     * {@code quarantinedAt} and {@code envelope} (the full envelope JSON) when present.
     */
    public ObjectNode toJson(Instant quarantinedAt) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("reason", reason);
        json.put("table", table);
        json.put("sequenceNumber", sequenceNumber);
        json.put("streamEventId", streamEventId);
        json.put("quarantinedAt", quarantinedAt.toString());
        if (envelope != null) {
            json.put("eventId", envelope.eventId());
            json.set("envelope", ChangeEnvelopeCodec.toJson(envelope));
        }
        return json;
    }
}
