package io.scanpipeline.sink.kcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.EncodedEnvelope;
import io.scanpipeline.sink.hec.HecEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns a change envelope (as read from Kinesis, {@link EncodedEnvelope}, or a {@link ChangeEnvelope}) into the Splunk
 * event that carries it:
 * <ul>
 *   <li>{@code time}: the envelope's {@code approximateCreationTime} (when DynamoDB recorded the change), sent as epoch
 *       seconds with milliseconds; when the envelope has none, the Kinesis arrival time, so Splunk does not fall back
 *       to the indexing time of a replay</li>
 *   <li>{@code source}: {@code s3://<bucket>/<key>} of the scan file the item came from ({@code _source}), else the
 *       table name</li>
 *   <li>{@code sourcetype}: the configured one ({@code HEC_SOURCETYPE}, default {@code scan:finding})</li>
 *   <li>{@code event}: the envelope JSON exactly as it travelled on Kinesis, byte for byte (never parsed into a tree
 *       and written again)</li>
 *   <li>indexed {@code fields}: {@code eventName}, {@code table}, {@code eventId} — {@code eventId} is deterministic,
 *       so {@code | dedup eventId} removes the duplicates of a replay or a redelivery</li>
 * </ul>
 * Host and index are left to the HEC configuration ({@code HEC_HOST}, {@code HEC_INDEX}).
 */
public final class HecEventMapper {

    private final String sourcetype;

    /** @param sourcetype the sourcetype of every event */
    public HecEventMapper(String sourcetype) {
        this.sourcetype = Objects.requireNonNull(sourcetype, "sourcetype");
    }

    /**
     * The event for {@code envelope}, its bytes as the payload.
     *
     * @param arrival the Kinesis arrival time, used only when the envelope has no time; may be null
     */
    public HecEvent map(EncodedEnvelope envelope, Instant arrival) {
        Instant time = envelope.approximateCreationTime() != null ? envelope.approximateCreationTime() : arrival;
        return HecEvent.builderOfJson(envelope.json())
                .time(time)
                .source(source(envelope.source(), envelope.table()))
                .sourcetype(sourcetype)
                .field("eventName", envelope.eventName().name())
                .field("table", envelope.table())
                .field("eventId", envelope.eventId())
                .build();
    }

    /**
     * The event for {@code envelope}, written as it travels on Kinesis ({@link ChangeEnvelopeCodec#toBytes}).
     *
     * @param arrival the Kinesis arrival time, used only when the envelope has no time; may be null
     */
    public HecEvent map(ChangeEnvelope envelope, Instant arrival) {
        return map(ChangeEnvelopeCodec.encode(envelope), arrival);
    }

    private static String source(ObjectNode source, String table) {
        if (source != null) {
            JsonNode bucket = source.get("bucket");
            JsonNode key = source.get("key");
            if (bucket != null && bucket.isTextual() && key != null && key.isTextual()) {
                return "s3://" + bucket.textValue() + "/" + key.textValue();
            }
        }
        return table;
    }
}
