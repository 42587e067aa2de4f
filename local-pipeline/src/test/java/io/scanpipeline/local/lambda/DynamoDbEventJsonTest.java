package io.scanpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.forwarder.LambdaAttributeValues;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class DynamoDbEventJsonTest {

    private static final PojoSerializer<DynamodbEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamoDbEventJsonTest.class.getClassLoader());
    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-01-01T00:00:00.000";

    /** What the managed runtime does with the payload bytes: the serializer reads them from a stream. */
    private static DynamodbEvent runtimeRead(byte[] json) {
        return RUNTIME.fromJson(new ByteArrayInputStream(json));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dynamodb-stream-all-attribute-types.json",
                "dynamodb-stream-insert-modify-remove.json",
                "dynamodb-stream-bom-ms-timestamp.json",
                "dynamodb-stream-splunk-blueprint.json"
            })
    void realSample_rendersBackToTheSameJsonTree(String sample) {
        JsonNode expected = SdkStreamRecords.tree(SdkStreamRecords.resource("events/" + sample));
        String arn = expected.path("Records").get(0).path("eventSourceARN").asText();

        JsonNode rendered = DynamoDbEventJson.toTree(SdkStreamRecords.records(expected), arn);

        // field order aside (ObjectNode equality ignores it), the very same document: shapes, types, numbers
        assertThat(rendered).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dynamodb-stream-all-attribute-types.json",
                "dynamodb-stream-insert-modify-remove.json",
                "dynamodb-stream-bom-ms-timestamp.json",
                "dynamodb-stream-splunk-blueprint.json"
            })
    void realSample_renderedJson_isReadByTheRuntimeAsTheSampleItself(String sample) {
        byte[] sampleBytes = SdkStreamRecords.resource("events/" + sample);
        JsonNode tree = SdkStreamRecords.tree(sampleBytes);
        List<Record> records = SdkStreamRecords.records(tree);
        String arn = tree.path("Records").get(0).path("eventSourceARN").asText();

        DynamodbEvent fromRendered =
                runtimeRead(DynamoDbEventJson.toJson(records, arn).getBytes(StandardCharsets.UTF_8));

        assertThat(fromRendered).isEqualTo(runtimeRead(sampleBytes));
        for (int i = 0; i < records.size(); i++) {
            assertSameValues(fromRendered.getRecords().get(i), records.get(i));
        }
    }

    @Test
    void everyAttributeType_roundTripsThroughTheRuntimeSerializer_withExactValues() {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("pk", AttributeValue.fromS("item#1"));
        image.put("emptyString", AttributeValue.fromS(""));
        image.put("unicode", AttributeValue.fromS("Grüße \u20ac \uD83D\uDE00 \"quoted\" \\ back"));
        image.put("bigInteger", AttributeValue.fromN("12345678901234567890123456789012345678"));
        image.put("decimal", AttributeValue.fromN("-0.000000000000000000000000000000000012345"));
        image.put("exponent", AttributeValue.fromN("9.99E+125"));
        image.put("binary", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, -1, 127, -128, 10})));
        image.put("stringSet", AttributeValue.fromSs(List.of("Giraffe", "Zebra", "")));
        image.put("numberSet", AttributeValue.fromNs(List.of("1", "1.50", "-3E-7", "98765432109876543210")));
        image.put(
                "binarySet",
                AttributeValue.fromBs(List.of(
                        SdkBytes.fromByteArray(new byte[] {1, 2}), SdkBytes.fromByteArray(new byte[] {(byte) 0xff}))));
        image.put("emptyStringSet", AttributeValue.fromSs(List.of()));
        image.put(
                "map",
                AttributeValue.fromM(Map.of(
                        "nested",
                        AttributeValue.fromM(Map.of(
                                "list",
                                AttributeValue.fromL(
                                        List.of(AttributeValue.fromN("3.14159"), AttributeValue.fromNul(true))))))));
        image.put("emptyMap", AttributeValue.fromM(Map.of()));
        image.put(
                "list",
                AttributeValue.fromL(List.of(
                        AttributeValue.fromS("Cookies"),
                        AttributeValue.fromBool(false),
                        AttributeValue.fromL(List.of()))));
        image.put("null", AttributeValue.fromNul(true));
        image.put("true", AttributeValue.fromBool(true));
        Record record = record(
                "000000000000000000042",
                Instant.ofEpochSecond(1_700_000_000),
                image,
                Map.of("pk", AttributeValue.fromS("item#1")));

        String json = DynamoDbEventJson.toJson(List.of(record), ARN);

        assertThat(json)
                .contains("\"bigInteger\":{\"N\":\"12345678901234567890123456789012345678\"}")
                .contains("\"exponent\":{\"N\":\"9.99E+125\"}")
                .contains("\"binary\":{\"B\":\"AAH/f4AK\"}")
                .contains("\"null\":{\"NULL\":true}")
                .contains("\"emptyStringSet\":{\"SS\":[]}")
                .contains("\"ApproximateCreationDateTime\":1700000000,");
        DynamodbEvent event = runtimeRead(json.getBytes(StandardCharsets.UTF_8));
        assertThat(event.getRecords()).hasSize(1);
        assertSameValues(event.getRecords().get(0), record);
        assertThat(LambdaAttributeValues.toSdk(
                        event.getRecords().get(0).getDynamodb().getNewImage(), "NewImage"))
                .isEqualTo(image);
    }

    @Test
    void approximateCreationDateTime_isAJsonNumberOfEpochSeconds() {
        JsonNode whole = DynamoDbEventJson.recordNode(
                        record(
                                "1",
                                Instant.ofEpochSecond(1_480_642_020),
                                null,
                                Map.of("pk", AttributeValue.fromS("a"))),
                        ARN)
                .path("dynamodb")
                .path("ApproximateCreationDateTime");
        JsonNode fraction = DynamoDbEventJson.recordNode(
                        record(
                                "2",
                                Instant.ofEpochSecond(1_700_000_000, 250_000_000),
                                null,
                                Map.of("pk", AttributeValue.fromS("a"))),
                        ARN)
                .path("dynamodb")
                .path("ApproximateCreationDateTime");

        assertThat(whole.isIntegralNumber()).isTrue();
        assertThat(whole.longValue()).isEqualTo(1_480_642_020L);
        assertThat(fraction.isNumber()).isTrue();
        assertThat(fraction.decimalValue()).isEqualByComparingTo("1700000000.25");
        String json = DynamoDbEventJson.toJson(
                List.of(record(
                        "2",
                        Instant.ofEpochSecond(1_700_000_000, 250_000_000),
                        null,
                        Map.of("pk", AttributeValue.fromS("a")))),
                ARN);
        assertThat(json).contains("\"ApproximateCreationDateTime\":1700000000.25,");
        assertThat(DynamoDbEventJson.toJson(
                        List.of(record(
                                "3",
                                Instant.ofEpochSecond(1_635_734_407, 123_456_789),
                                null,
                                Map.of("pk", AttributeValue.fromS("a")))),
                        ARN))
                .as("every digit, never an exponent")
                .contains("\"ApproximateCreationDateTime\":1635734407.123456789,");
        assertThat(runtimeRead(json.getBytes(StandardCharsets.UTF_8))
                        .getRecords()
                        .get(0)
                        .getDynamodb()
                        .getApproximateCreationDateTime()
                        .getTime())
                .isEqualTo(1_700_000_000_250L);
    }

    @Test
    void keysOnlyRecord_hasNoImages_andLambdasEnvelopeFields() {
        Record record = Record.builder()
                .eventID("e1")
                .eventName(OperationType.REMOVE)
                .eventVersion("1.1")
                .awsRegion("eu-west-1")
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("pk", AttributeValue.fromS("a")))
                        .sequenceNumber("7")
                        .sizeBytes(4L)
                        .streamViewType(StreamViewType.KEYS_ONLY)
                        .build())
                .build();

        JsonNode node = DynamoDbEventJson.recordNode(record, ARN);

        assertThat(node.path("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(node.path("eventSourceARN").asText()).isEqualTo(ARN);
        assertThat(node.path("eventName").asText()).isEqualTo("REMOVE");
        assertThat(node.path("dynamodb").has("NewImage")).isFalse();
        assertThat(node.path("dynamodb").has("OldImage")).isFalse();
        assertThat(node.path("dynamodb").has("ApproximateCreationDateTime")).isFalse();
        assertThat(node.path("dynamodb").path("Keys").path("pk").path("S").asText())
                .isEqualTo("a");
        assertThat(node.path("dynamodb").path("SequenceNumber").isTextual()).isTrue();
        assertThat(node.path("dynamodb").path("SizeBytes").isIntegralNumber()).isTrue();
        assertThat(node.has("userIdentity")).isFalse();
    }

    private static Record record(
            String sequence, Instant created, Map<String, AttributeValue> newImage, Map<String, AttributeValue> keys) {
        StreamRecord.Builder dynamodb = StreamRecord.builder()
                .approximateCreationDateTime(created)
                .keys(keys)
                .sequenceNumber(sequence)
                .sizeBytes(100L)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        if (newImage != null) {
            dynamodb.newImage(newImage);
        }
        return Record.builder()
                .eventID("id-" + sequence)
                .eventName(OperationType.INSERT)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion("us-east-1")
                .dynamodb(dynamodb.build())
                .build();
    }

    /** The runtime's record holds exactly the SDK record's values, every attribute type included. */
    private static void assertSameValues(DynamodbStreamRecord actual, Record expected) {
        assertThat(actual.getEventID()).isEqualTo(expected.eventID());
        assertThat(actual.getEventName()).isEqualTo(expected.eventNameAsString());
        var dynamodb = actual.getDynamodb();
        StreamRecord sdk = expected.dynamodb();
        assertThat(dynamodb.getSequenceNumber()).isEqualTo(sdk.sequenceNumber());
        assertThat(dynamodb.getSizeBytes()).isEqualTo(sdk.sizeBytes());
        assertThat(LambdaAttributeValues.toSdk(dynamodb.getKeys(), "Keys"))
                .isEqualTo(sdk.hasKeys() ? sdk.keys() : null);
        assertThat(LambdaAttributeValues.toSdk(dynamodb.getNewImage(), "NewImage"))
                .isEqualTo(sdk.hasNewImage() ? sdk.newImage() : null);
        assertThat(LambdaAttributeValues.toSdk(dynamodb.getOldImage(), "OldImage"))
                .isEqualTo(sdk.hasOldImage() ? sdk.oldImage() : null);
        if (sdk.approximateCreationDateTime() != null) {
            // the runtime reads seconds as a double and keeps milliseconds
            assertThat(dynamodb.getApproximateCreationDateTime().getTime())
                    .isCloseTo(
                            sdk.approximateCreationDateTime().toEpochMilli(), org.assertj.core.data.Offset.offset(1L));
        }
    }
}
