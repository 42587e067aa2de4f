package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DynamoDB Streams records from an item's old and new image, in the shape GetRecords returns them.
 */
final class ChangeRecords {

    static final String INSERT = "INSERT";
    static final String MODIFY = "MODIFY";
    static final String REMOVE = "REMOVE";

    private ChangeRecords() {}

    /** One captured change of one item; images are null when the item did not exist. */
    record Change(ObjectNode keys, String partitionValue, String eventName, ObjectNode oldImage, ObjectNode newImage) {}

    /**
     * The change between two images, or null when nothing changed. DynamoDB writes no stream record for a write
     * that leaves the item as it was (for example re-putting an identical item), so neither does the proxy.
     */
    static Change diff(JsonNode keySchema, ObjectNode key, ObjectNode oldImage, ObjectNode newImage) {
        String eventName;
        if (oldImage == null && newImage == null) {
            return null;
        } else if (oldImage == null) {
            eventName = INSERT;
        } else if (newImage == null) {
            eventName = REMOVE;
        } else if (oldImage.equals(newImage)) {
            return null;
        } else {
            eventName = MODIFY;
        }
        ObjectNode keys = keyOf(newImage != null ? newImage : oldImage, keySchema);
        if (keys == null) {
            keys = key;
        }
        return new Change(keys, partitionValue(keys, keySchema), eventName, oldImage, newImage);
    }

    /** The record as GetRecords returns it; which images it carries depends on the stream view type. */
    static ObjectNode build(Change change, String viewType, String region, long epochSeconds, String sequenceNumber) {
        ObjectNode dynamodb = EmulatorJson.mapper().createObjectNode();
        dynamodb.put("ApproximateCreationDateTime", epochSeconds);
        dynamodb.set("Keys", change.keys());
        long size = itemSize(change.keys());
        boolean newWanted = "NEW_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType);
        boolean oldWanted = "OLD_IMAGE".equals(viewType) || "NEW_AND_OLD_IMAGES".equals(viewType);
        if (newWanted && change.newImage() != null) {
            dynamodb.set("NewImage", change.newImage());
            size += itemSize(change.newImage());
        }
        if (oldWanted && change.oldImage() != null) {
            dynamodb.set("OldImage", change.oldImage());
            size += itemSize(change.oldImage());
        }
        dynamodb.put("SequenceNumber", sequenceNumber);
        dynamodb.put("SizeBytes", size);
        dynamodb.put("StreamViewType", viewType);

        ObjectNode record = EmulatorJson.mapper().createObjectNode();
        record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        record.put("eventName", change.eventName());
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", region);
        record.set("dynamodb", dynamodb);
        return record;
    }

    /** The key attributes of an item per the table's key schema, or null when one is missing. */
    static ObjectNode keyOf(JsonNode item, JsonNode keySchema) {
        if (item == null || !item.isObject() || keySchema == null) {
            return null;
        }
        ObjectNode key = EmulatorJson.mapper().createObjectNode();
        for (JsonNode element : keySchema) {
            String name = element.path("AttributeName").asText();
            JsonNode value = item.get(name);
            if (value == null || !value.isObject()) {
                return null;
            }
            key.set(name, value);
        }
        return key;
    }

    /**
     * A string that is equal for equal keys: numbers are normalised ("1.0" and "1" are the same key to DynamoDB),
     * attributes are taken in key schema order.
     */
    static String canonicalKey(JsonNode key, JsonNode keySchema) {
        StringBuilder text = new StringBuilder();
        for (JsonNode element : keySchema) {
            JsonNode value = key.path(element.path("AttributeName").asText());
            text.append(canonicalValue(value)).append('\u0000');
        }
        return text.toString();
    }

    /** The partition (HASH) key value, canonical, which picks the shard. */
    static String partitionValue(JsonNode key, JsonNode keySchema) {
        for (JsonNode element : keySchema) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                return canonicalValue(key.path(element.path("AttributeName").asText()));
            }
        }
        return canonicalKey(key, keySchema);
    }

    private static String canonicalValue(JsonNode value) {
        Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
        if (!fields.hasNext()) {
            return "";
        }
        Map.Entry<String, JsonNode> typed = fields.next();
        String text = typed.getValue().asText();
        if ("N".equals(typed.getKey())) {
            try {
                text = new BigDecimal(text).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                // Left as sent; dynalite rejects the request anyway.
            }
        }
        return typed.getKey() + ":" + text;
    }

    /**
     * An approximation of DynamoDB's item size rules: attribute name bytes plus value bytes, numbers about one byte
     * per two digits, a few bytes of overhead for lists and maps.
     */
    static long itemSize(JsonNode item) {
        long size = 0;
        for (Map.Entry<String, JsonNode> attribute : item.properties()) {
            size += utf8Length(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    private static long valueSize(JsonNode typedValue) {
        long size = 0;
        for (Map.Entry<String, JsonNode> typed : typedValue.properties()) {
            JsonNode v = typed.getValue();
            size += switch (typed.getKey()) {
                case "S" -> utf8Length(v.asText());
                case "N" -> v.asText().length() / 2 + 1;
                case "B" -> base64Length(v.asText());
                case "BOOL", "NULL" -> 1;
                case "SS" -> sum(v, node -> utf8Length(node.asText()));
                case "NS" -> sum(v, node -> node.asText().length() / 2 + 1);
                case "BS" -> sum(v, node -> base64Length(node.asText()));
                case "L" -> 3 + sum(v, node -> 1 + valueSize(node));
                case "M" -> 3 + itemSize(v) + v.size();
                default -> 0;
            };
        }
        return size;
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode node : array) {
            total += size.applyAsLong(node);
        }
        return total;
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long base64Length(String text) {
        try {
            return Base64.getDecoder().decode(text).length;
        } catch (IllegalArgumentException e) {
            return text.length();
        }
    }
}
