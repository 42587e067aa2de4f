package io.scanpipeline.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of one DynamoDB item, as it travels on Kinesis from the stream forwarder to the Splunk sink.
 *
 * <p>On the wire (see {@link ChangeEnvelopeCodec}) it is one JSON object, fields in this order:
 * <ul>
 *   <li>{@code v} — format version, always {@value #VERSION}. A reader rejects any other value rather than
 *       guess.</li>
 *   <li>{@code eventId} — deterministic id: lower-case hex SHA-256 of the UTF-8 bytes of the compact JSON array
 *       {@code [table, eventName, canonicalKeys, sequenceNumber]} (see {@link #canonicalKey()}), e.g.
 *       {@code ["Employees","INSERT",{"emp_id":"E1"},"4421584500000000017450439091"]}. Reading the same stream record
 *       again (Lambda retry, replay) yields the same id, so Splunk searches can deduplicate on it. The event name is
 *       part of the hash because sample streams reuse one sequence number for different operations.</li>
 *   <li>{@code eventName} — {@code INSERT}, {@code MODIFY} or {@code REMOVE}.</li>
 *   <li>{@code table} — the DynamoDB table name (from the stream ARN).</li>
 *   <li>{@code keys} — the item's key attributes, converted with {@link ItemCodec#toJson(Map)}.</li>
 *   <li>{@code newImage} — the item after the change; absent for REMOVE and for streams that do not carry new
 *       images (KEYS_ONLY, OLD_IMAGE).</li>
 *   <li>{@code oldImage} — the item before the change; absent for INSERT and for streams that do not carry old
 *       images (KEYS_ONLY, NEW_IMAGE).</li>
 *   <li>{@code sequenceNumber} — the DynamoDB stream sequence number, as text (it exceeds a long).</li>
 *   <li>{@code approximateCreationTime} — when DynamoDB recorded the change, ISO-8601 UTC with exactly three
 *       fraction digits, e.g. {@code 2021-11-01T02:40:07.123Z}; absent when the stream record has no time.</li>
 *   <li>{@code approximateCreationEpochMillis} — the same instant in epoch milliseconds; absent with it.</li>
 *   <li>{@code source} — the item's {@value #SOURCE_ATTRIBUTE} map (S3 bucket, key, versionId, sequencer, record)
 *       taken from the new image, or from the old image when there is no new one (REMOVE); absent when the item
 *       has none.</li>
 * </ul>
 * Images are converted with {@link ItemCodec}: numbers stay exact JSON numbers, binary becomes base64 text, sets
 * become arrays, NULL becomes {@code null}.
 *
 * <p>The JSON members are shared {@link ObjectNode}s: treat them as read-only.
 *
 * @param v                       format version, {@value #VERSION}
 * @param eventId                 deterministic id, see above
 * @param eventName               the kind of change
 * @param table                   table name
 * @param keys                    key attributes as JSON
 * @param newImage                item after the change, or null
 * @param oldImage                item before the change, or null
 * @param sequenceNumber          stream sequence number
 * @param approximateCreationTime when the change was recorded, truncated to milliseconds, or null
 * @param source                  the item's {@code _source} map, or null
 */
public record ChangeEnvelope(
        int v,
        String eventId,
        EventName eventName,
        String table,
        ObjectNode keys,
        ObjectNode newImage,
        ObjectNode oldImage,
        String sequenceNumber,
        Instant approximateCreationTime,
        ObjectNode source) {

    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    /** The item attribute that records where the item came from; copied to {@code source}. */
    public static final String SOURCE_ATTRIBUTE = "_source";
    /** Kinesis' limit on partition key length, in Unicode characters. */
    public static final int MAX_PARTITION_KEY_CHARS = 256;
    /** Prefix of a partition key that had to be hashed because the canonical key was too long. */
    public static final String HASHED_PARTITION_KEY_PREFIX = "sha256:";

    // the shared mapper's factory keeps BigDecimals exactly as given
    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    /** The kind of change, as DynamoDB Streams names it. */
    public enum EventName {
        INSERT,
        MODIFY,
        REMOVE
    }

    public ChangeEnvelope {
        checkMembers(v, eventId, eventName, table, keys != null && !keys.isEmpty(), sequenceNumber);
        approximateCreationTime =
                approximateCreationTime == null ? null : approximateCreationTime.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The constructor's rules, also applied by {@link ChangeEnvelopeCodec} to an envelope it checks without building
     * its images.
     *
     * @param hasKeys whether {@code keys} is a non-empty object
     * @throws IllegalArgumentException naming the first member that breaks a rule
     */
    static void checkMembers(
            int v, String eventId, EventName eventName, String table, boolean hasKeys, String sequenceNumber) {
        if (v != VERSION) {
            throw new IllegalArgumentException("unsupported envelope version " + v + ", expected " + VERSION);
        }
        requireText(eventId, "eventId");
        requireText(table, "table");
        requireText(sequenceNumber, "sequenceNumber");
        if (eventName == null) {
            throw new IllegalArgumentException("eventName is required");
        }
        if (!hasKeys) {
            throw new IllegalArgumentException("keys are required");
        }
    }

    /**
     * Builds the envelope of one stream record from SDK attribute maps, deriving {@code eventId} and
     * {@code source}.
     *
     * @param newImage                may be null
     * @param oldImage                may be null
     * @param approximateCreationTime may be null
     */
    public static ChangeEnvelope of(
            EventName eventName,
            String table,
            Map<String, AttributeValue> keys,
            Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage,
            String sequenceNumber,
            Instant approximateCreationTime) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("keys are required");
        }
        ObjectNode keysJson = ItemCodec.toJson(keys);
        ObjectNode newJson = newImage == null ? null : ItemCodec.toJson(newImage);
        ObjectNode oldJson = oldImage == null ? null : ItemCodec.toJson(oldImage);
        String id = eventId(table, eventName, keysJson, sequenceNumber);
        return new ChangeEnvelope(
                VERSION,
                id,
                eventName,
                table,
                keysJson,
                newJson,
                oldJson,
                sequenceNumber,
                approximateCreationTime,
                sourceOf(newJson, oldJson));
    }

    /** The {@code eventId} recipe described in the class comment. */
    public static String eventId(String table, EventName eventName, ObjectNode keys, String sequenceNumber) {
        requireText(table, "table");
        requireText(sequenceNumber, "sequenceNumber");
        ArrayNode parts = NODES.arrayNode();
        parts.add(table).add(eventName.name()).add(canonical(keys)).add(sequenceNumber);
        return Sha256.hex(write(parts));
    }

    /**
     * The key attributes in canonical form: compact JSON, attribute names sorted, numbers in plain notation without
     * trailing zeros (DynamoDB treats {@code 1.50} and {@code 1.5} as one key). Identical for the INSERT, MODIFY and
     * REMOVE records of one item, and readable, e.g. {@code {"emp_id":"E1"}}.
     */
    public String canonicalKey() {
        return canonicalKey(keys);
    }

    /** {@link #canonicalKey()} of the key attributes {@code keys} (JSON as in an envelope). */
    public static String canonicalKey(JsonNode keys) {
        return write(canonical(keys));
    }

    /**
     * The Kinesis partition key: {@link #canonicalKey()} when it has at most {@value #MAX_PARTITION_KEY_CHARS}
     * characters, else {@value #HASHED_PARTITION_KEY_PREFIX} followed by the hex SHA-256 of the canonical key.
     * Every change of one item gets the same partition key, so they land on one shard in order.
     */
    public String partitionKey() {
        String canonical = canonicalKey();
        // String.length() counts UTF-16 units, never fewer than code points: the check is safe for Kinesis' limit.
        if (canonical.length() <= MAX_PARTITION_KEY_CHARS) {
            return canonical;
        }
        return HASHED_PARTITION_KEY_PREFIX + Sha256.hex(canonical);
    }

    /** The image a filter or reader should look at: the new image, or the old one for REMOVE (or when absent). */
    public ObjectNode currentImage() {
        if (eventName == EventName.REMOVE || newImage == null) {
            return oldImage;
        }
        return newImage;
    }

    /** Epoch milliseconds of {@link #approximateCreationTime()}, or null when unknown. */
    public Long approximateCreationEpochMillis() {
        return approximateCreationTime == null ? null : approximateCreationTime.toEpochMilli();
    }

    private static ObjectNode sourceOf(ObjectNode newImage, ObjectNode oldImage) {
        ObjectNode image = newImage != null ? newImage : oldImage;
        if (image == null) {
            return null;
        }
        JsonNode source = image.get(SOURCE_ATTRIBUTE);
        return source instanceof ObjectNode ? (ObjectNode) source : null;
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                sorted.put(field.getKey(), canonical(field.getValue()));
            }
            ObjectNode object = NODES.objectNode();
            sorted.forEach(object::set);
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        if (node.isNumber()) {
            // Json.mapper() writes decimals in plain notation, so 1E+2 prints as 100 and 1.50 as 1.5
            BigDecimal stripped = node.decimalValue().stripTrailingZeros();
            return NODES.numberNode(stripped);
        }
        return node;
    }

    private static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical JSON", e);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
