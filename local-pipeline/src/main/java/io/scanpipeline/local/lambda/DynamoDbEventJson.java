package io.scanpipeline.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Renders DynamoDB Streams records, as the SDK's {@code GetRecords} returns them, as the JSON document Lambda
 * delivers to a function subscribed to the stream:
 *
 * <pre>{@code
 * {"Records":[{"eventID":"..","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
 *   "awsRegion":"us-east-1",
 *   "dynamodb":{"ApproximateCreationDateTime":1480642020,"Keys":{"pk":{"S":"a"}},"NewImage":{..},"OldImage":{..},
 *               "SequenceNumber":"400000000000000000001","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"},
 *   "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-01-01T00:00:00.000"}]}
 * }</pre>
 *
 * <ul>
 *   <li>Attribute values are DynamoDB JSON: {@code S}; {@code N} and {@code NS} as their exact decimal text
 *       (strings, never JSON numbers, so no digit is lost); {@code B} and {@code BS} as base64; {@code SS};
 *       {@code M}; {@code L}; {@code {"NULL":true}}; {@code {"BOOL":..}}. Empty sets and lists stay as they are.</li>
 *   <li>{@code ApproximateCreationDateTime} is a JSON number of epoch seconds: an integer for a whole second (what
 *       DynamoDB Streams records carry), a plain decimal when the instant has a fraction.</li>
 *   <li>{@code Keys}, {@code NewImage} and {@code OldImage} appear only when the record has them (the stream view
 *       type decides), as in Lambda's events; so do {@code userIdentity} (TTL deletions) and the other optional
 *       fields.</li>
 *   <li>{@code eventSourceARN} is not part of a {@code GetRecords} record: Lambda adds the stream ARN, so does
 *       this class.</li>
 * </ul>
 */
public final class DynamoDbEventJson {

    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();
    private static final String EVENT_SOURCE = "aws:dynamodb";

    private DynamoDbEventJson() {}

    /** The event JSON text for {@code records} (one shard, in order) of the stream {@code streamArn}. */
    public static String toJson(List<Record> records, String streamArn) {
        try {
            return Json.mapper().writeValueAsString(toTree(records, streamArn));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event tree could not be written as JSON", e);
        }
    }

    /** The event as a JSON tree: {@code {"Records":[..]}}. */
    public static ObjectNode toTree(List<Record> records, String streamArn) {
        ObjectNode event = NODES.objectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            array.add(recordNode(record, streamArn));
        }
        return event;
    }

    /** One element of {@code Records}. */
    public static ObjectNode recordNode(Record record, String streamArn) {
        ObjectNode node = NODES.objectNode();
        putIfPresent(node, "eventID", record.eventID());
        putIfPresent(node, "eventName", record.eventNameAsString());
        putIfPresent(node, "eventVersion", record.eventVersion());
        node.put("eventSource", record.eventSource() != null ? record.eventSource() : EVENT_SOURCE);
        putIfPresent(node, "awsRegion", record.awsRegion());
        if (record.userIdentity() != null) {
            ObjectNode identity = node.putObject("userIdentity");
            putIfPresent(identity, "type", record.userIdentity().type());
            putIfPresent(identity, "principalId", record.userIdentity().principalId());
        }
        if (record.dynamodb() != null) {
            node.set("dynamodb", streamRecordNode(record.dynamodb()));
        }
        node.put("eventSourceARN", streamArn);
        return node;
    }

    private static ObjectNode streamRecordNode(StreamRecord dynamodb) {
        ObjectNode node = NODES.objectNode();
        if (dynamodb.approximateCreationDateTime() != null) {
            node.set("ApproximateCreationDateTime", epochSeconds(dynamodb.approximateCreationDateTime()));
        }
        // has*() tells an absent map from an empty one: an absent image must stay absent
        if (dynamodb.hasKeys()) {
            node.set("Keys", attributeMap(dynamodb.keys()));
        }
        if (dynamodb.hasNewImage()) {
            node.set("NewImage", attributeMap(dynamodb.newImage()));
        }
        if (dynamodb.hasOldImage()) {
            node.set("OldImage", attributeMap(dynamodb.oldImage()));
        }
        putIfPresent(node, "SequenceNumber", dynamodb.sequenceNumber());
        if (dynamodb.sizeBytes() != null) {
            node.set("SizeBytes", integral(dynamodb.sizeBytes()));
        }
        putIfPresent(node, "StreamViewType", dynamodb.streamViewTypeAsString());
        return node;
    }

    /** An item or key as DynamoDB JSON: {@code {"name":{"S":".."},..}}. */
    public static ObjectNode attributeMap(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, attributeValue(value)));
        return node;
    }

    /**
     * One attribute value as DynamoDB JSON, e.g. {@code {"N":"123.45"}}.
     *
     * @throws IllegalArgumentException for a value of a type this SDK version does not know
     */
    public static ObjectNode attributeValue(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                value.bs().forEach(bytes -> set.add(base64(bytes)));
            }
            case M -> node.set("M", attributeMap(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(attributeValue(element)));
            }
            case NUL -> node.put("NULL", true);
            case BOOL -> node.put("BOOL", value.bool());
            default -> throw new IllegalArgumentException("attribute value of unknown type: " + value);
        }
        return node;
    }

    /** Epoch seconds as a JSON number: integral for a whole second, else an exact plain decimal. */
    static JsonNode epochSeconds(Instant instant) {
        if (instant.getNano() == 0) {
            return integral(instant.getEpochSecond());
        }
        BigDecimal seconds = BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9))
                .stripTrailingZeros();
        return NODES.numberNode(seconds);
    }

    /** An int node when the value fits, as a JSON parser would build it, so that trees compare equal. */
    private static JsonNode integral(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
