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
 *   <li>{@code source}: the table's route's ({@link HecRoutes}), else {@code s3://<bucket>/<key>} of the scan file
 *       the item came from ({@code _source}), else the table name</li>
 *   <li>{@code sourcetype}: the table's route's, else {@code HEC_SOURCETYPE} (default {@code scan:finding})</li>
 *   <li>{@code index}: the table's route's, else none (the HEC configuration's {@code HEC_INDEX}, else the token's
 *       default)</li>
 *   <li>{@code event}: the envelope JSON exactly as it travelled on Kinesis, byte for byte (never parsed into a tree
 *       and written again)</li>
 *   <li>indexed {@code fields} ({@code tstats} reads them without touching the events), under names no other
 *       sourcetype uses, so that they never clash with the event's own JSON fields (a field present both as an indexed
 *       and as a JSON field comes back multivalued) nor with other apps' fields:
 *       {@value #FIELD_EVENT_ID} (the envelope's deterministic {@code eventId}: the same for every delivery of one
 *       change, so {@code dedup} on it removes the duplicates of a replay or a redelivery), {@value #FIELD_EVENT_NAME}
 *       ({@code INSERT}, {@code MODIFY}, {@code REMOVE}), {@value #FIELD_TABLE} and {@value #FIELD_ITEM} (the table and
 *       the item's canonical key, {@code Findings|{"pk":"..."}}: one value per DynamoDB item, to find each item's
 *       latest state)</li>
 * </ul>
 * Host is left to the HEC configuration ({@code HEC_HOST}).
 */
public final class HecEventMapper {

    /** Indexed field: the envelope's {@code eventId}. */
    public static final String FIELD_EVENT_ID = "scanpipeline_event_id";
    /** Indexed field: the envelope's {@code eventName}. */
    public static final String FIELD_EVENT_NAME = "scanpipeline_event_name";
    /** Indexed field: the envelope's {@code table}. */
    public static final String FIELD_TABLE = "scanpipeline_table";
    /** Indexed field: {@code <table>|<canonical key>}, one value per item. */
    public static final String FIELD_ITEM = "scanpipeline_item";

    private final HecRoutes routes;

    /** @param routes index, sourcetype and source per table */
    public HecEventMapper(HecRoutes routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** @param sourcetype the sourcetype of every event (no routes) */
    public HecEventMapper(String sourcetype) {
        this(HecRoutes.uniform(sourcetype));
    }

    /**
     * The event for {@code envelope}, its bytes as the payload.
     *
     * @param arrival the Kinesis arrival time, used only when the envelope has no time; may be null
     */
    public HecEvent map(EncodedEnvelope envelope, Instant arrival) {
        Instant time = envelope.approximateCreationTime() != null ? envelope.approximateCreationTime() : arrival;
        String table = envelope.table();
        String routedSource = routes.source(table);
        return HecEvent.builderOfJson(envelope.json())
                .time(time)
                .source(routedSource != null ? routedSource : source(envelope.source(), table))
                .sourcetype(routes.sourcetype(table))
                .index(routes.index(table))
                .field(FIELD_EVENT_ID, envelope.eventId())
                .field(FIELD_EVENT_NAME, envelope.eventName().name())
                .field(FIELD_TABLE, envelope.table())
                .field(FIELD_ITEM, envelope.table() + "|" + envelope.canonicalKey())
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
