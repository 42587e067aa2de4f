package io.scanpipeline.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Test support: reads a Lambda DynamoDB stream event (the real samples in {@code events/}) into the SDK v2 records
 * GetRecords would have returned for it, so that {@link DynamoDbEventJson} can be checked against real events. A
 * hand-written reader on purpose: it is the inverse of the class under test and shares no code with it.
 */
final class SdkStreamRecords {

    private SdkStreamRecords() {}

    /** The bytes of a test resource (a UTF-8 BOM kept, as the runtime would receive it). */
    static byte[] resource(String path) {
        try (InputStream in = SdkStreamRecords.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses with the project's exact-number mapper (Jackson skips a UTF-8 BOM when reading bytes). */
    static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Record> records(JsonNode event) {
        List<Record> records = new ArrayList<>();
        for (JsonNode node : event.path("Records")) {
            Record.Builder record = Record.builder()
                    .eventID(text(node, "eventID"))
                    .eventName(text(node, "eventName"))
                    .eventVersion(text(node, "eventVersion"))
                    .eventSource(text(node, "eventSource"))
                    .awsRegion(text(node, "awsRegion"));
            if (node.has("userIdentity")) {
                record.userIdentity(Identity.builder()
                        .type(text(node.get("userIdentity"), "type"))
                        .principalId(text(node.get("userIdentity"), "principalId"))
                        .build());
            }
            if (node.has("dynamodb")) {
                record.dynamodb(streamRecord(node.get("dynamodb")));
            }
            records.add(record.build());
        }
        return records;
    }

    private static StreamRecord streamRecord(JsonNode node) {
        StreamRecord.Builder record = StreamRecord.builder()
                .sequenceNumber(text(node, "SequenceNumber"))
                .streamViewType(text(node, "StreamViewType"));
        if (node.has("ApproximateCreationDateTime")) {
            BigDecimal seconds = node.get("ApproximateCreationDateTime").decimalValue();
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .intValueExact();
            record.approximateCreationDateTime(Instant.ofEpochSecond(whole, nanos));
        }
        if (node.has("SizeBytes")) {
            record.sizeBytes(node.get("SizeBytes").longValue());
        }
        if (node.has("Keys")) {
            record.keys(item(node.get("Keys")));
        }
        if (node.has("NewImage")) {
            record.newImage(item(node.get("NewImage")));
        }
        if (node.has("OldImage")) {
            record.oldImage(item(node.get("OldImage")));
        }
        return record.build();
    }

    static Map<String, AttributeValue> item(JsonNode node) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        node.properties().forEach(e -> item.put(e.getKey(), value(e.getValue())));
        return item;
    }

    static AttributeValue value(JsonNode typed) {
        Map.Entry<String, JsonNode> entry = typed.properties().iterator().next();
        JsonNode v = entry.getValue();
        return switch (entry.getKey()) {
            case "S" -> AttributeValue.fromS(v.textValue());
            case "N" -> AttributeValue.fromN(v.textValue());
            case "B" ->
                AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.textValue())));
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" ->
                AttributeValue.fromBs(texts(v).stream()
                        .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b)))
                        .toList());
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            case "NULL" -> AttributeValue.fromNul(v.booleanValue());
            case "BOOL" -> AttributeValue.fromBool(v.booleanValue());
            default -> throw new IllegalArgumentException("unknown attribute type " + entry.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.textValue()));
        return texts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
