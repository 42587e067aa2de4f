package io.scanpipeline.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link ChangeEnvelope} in its wire form: the JSON bytes as they travel on Kinesis, with the members a consumer
 * routes by. {@link ChangeEnvelopeCodec#readEncoded} reads it with the rules of {@link ChangeEnvelopeCodec#fromBytes}
 * (every record one accepts the other accepts, with the same reason for a rejection) but leaves the item images as
 * bytes, only checking that they are objects: for a consumer that forwards the envelope rather than looking into it.
 *
 * <p>The array and the JSON members are shared: treat them as read-only. Being an array, {@code json} makes
 * {@code equals} an identity comparison.
 *
 * @param json                    the envelope object exactly as read: UTF-8, from its opening to its closing brace
 *                                (whitespace around it in the record is left out)
 * @param eventId                 see {@link ChangeEnvelope}
 * @param eventName               see {@link ChangeEnvelope}
 * @param table                   see {@link ChangeEnvelope}
 * @param canonicalKey            the item's key attributes in canonical form ({@link ChangeEnvelope#canonicalKey()}):
 *                                the same for every change of one item
 * @param sequenceNumber          see {@link ChangeEnvelope}
 * @param approximateCreationTime truncated to milliseconds, or null
 * @param source                  the {@code source} object, or null
 */
public record EncodedEnvelope(
        byte[] json,
        String eventId,
        ChangeEnvelope.EventName eventName,
        String table,
        String canonicalKey,
        String sequenceNumber,
        Instant approximateCreationTime,
        ObjectNode source) {

    public EncodedEnvelope {
        Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
        return "EncodedEnvelope[eventId=" + eventId + ", eventName=" + eventName + ", table=" + table + ", key="
                + canonicalKey + ", sequenceNumber=" + sequenceNumber + ", bytes=" + json.length + "]";
    }
}
