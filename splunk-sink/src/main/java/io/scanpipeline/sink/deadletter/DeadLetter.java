package io.scanpipeline.sink.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * One Kinesis record the sink could not deliver for good, with the reason. Written as one JSON line:
 * <pre>{@code
 * {"stage":"hec","reason":"HTTP 400 code 7 (Incorrect index)","hecHttpStatus":400,"hecCode":7,
 *  "shardId":"shardId-000000000001","sequenceNumber":"4968...","subSequenceNumber":0,
 *  "partitionKey":"{\"pk\":\"a\"}","arrivalTime":"2024-05-01T10:00:00.123Z","envelope":{...}}
 * }</pre>
 * {@code envelope} is present when the record was a readable envelope; {@code data} (base64 of the record bytes) when
 * it was not ({@code stage} {@code decode}).
 *
 * @param stage         where it failed
 * @param reason        why, in words (Splunk's answer, or the decoder's)
 * @param hecHttpStatus HTTP status of Splunk's rejection, or null
 * @param hecCode       HEC code of Splunk's rejection, or null
 * @param shardId       the shard
 * @param position      sequence and sub-sequence number in the shard
 * @param partitionKey  the record's partition key, or null
 * @param arrivalTime   Kinesis arrival time, or null
 * @param envelope      the envelope JSON, or null
 * @param data          the raw record bytes when there is no envelope, or null
 */
public record DeadLetter(
        Stage stage,
        String reason,
        Integer hecHttpStatus,
        Integer hecCode,
        String shardId,
        SequencePosition position,
        String partitionKey,
        Instant arrivalTime,
        ObjectNode envelope,
        byte[] data) {

    /** Where a record failed. */
    public enum Stage {
        /** Not a {@link io.scanpipeline.core.ChangeEnvelope} this version can read. */
        DECODE,
        /** An envelope that could not be made into a HEC event (e.g. a time beyond what HEC's epoch millis hold). */
        MAP,
        /** Splunk rejected the event for good (codes 6, 7, 12, 13, 15). */
        HEC
    }

    public DeadLetter {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(position, "position");
        if (envelope == null && data == null) {
            throw new IllegalArgumentException("a dead letter keeps the envelope or the raw data");
        }
    }

    /** The JSON line (without the newline). */
    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("stage", stage.name().toLowerCase(java.util.Locale.ROOT));
        json.put("reason", reason);
        if (hecHttpStatus != null) {
            json.put("hecHttpStatus", hecHttpStatus);
        }
        if (hecCode != null) {
            json.put("hecCode", hecCode);
        }
        json.put("shardId", shardId);
        json.put("sequenceNumber", position.sequenceText());
        json.put("subSequenceNumber", position.subSequenceNumber());
        if (partitionKey != null) {
            json.put("partitionKey", partitionKey);
        }
        if (arrivalTime != null) {
            json.put("arrivalTime", arrivalTime.toString());
        }
        if (envelope != null) {
            json.set("envelope", envelope);
        }
        if (data != null) {
            json.put("data", Base64.getEncoder().encodeToString(data));
        }
        return json;
    }

    /** Reads a line written by {@link #toJson()}. */
    public static DeadLetter fromJson(JsonNode json) {
        String stage = json.path("stage").asText("");
        JsonNode envelope = json.get("envelope");
        JsonNode data = json.get("data");
        JsonNode arrival = json.get("arrivalTime");
        return new DeadLetter(
                Stage.valueOf(stage.toUpperCase(java.util.Locale.ROOT)),
                json.path("reason").asText(),
                json.hasNonNull("hecHttpStatus") ? json.get("hecHttpStatus").intValue() : null,
                json.hasNonNull("hecCode") ? json.get("hecCode").intValue() : null,
                json.path("shardId").asText(),
                SequencePosition.of(
                        json.path("sequenceNumber").asText(),
                        json.path("subSequenceNumber").asLong()),
                json.hasNonNull("partitionKey") ? json.get("partitionKey").asText() : null,
                arrival != null && arrival.isTextual() ? Instant.parse(arrival.textValue()) : null,
                envelope instanceof ObjectNode object ? object : null,
                data != null && data.isTextual() ? Base64.getDecoder().decode(data.textValue()) : null);
    }
}
