package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.StructuredLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** {@link StreamRecords}: what {@code GetRecords} returns becomes the event Lambda would have delivered. */
class StreamRecordsTest {

    private static final String ARN =
            "arn:aws:dynamodb:us-east-1:000000000000:table/Employees/stream/2024-05-01T10:11:12.345";
    private static final Instant CREATED = Instant.parse("2024-05-01T10:20:30.456Z");

    /** An item holding every attribute type. */
    static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("emp_id", AttributeValue.fromS("E1"));
        item.put("s", AttributeValue.fromS("text"));
        item.put("n", AttributeValue.fromN("123456789012345678901234567890.12345678"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 42, 65})));
        item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "-2.50")));
        item.put(
                "bs",
                AttributeValue.fromBs(List.of(
                        SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[] {(byte) 255}))));
        item.put("m", AttributeValue.fromM(Map.of("nested", AttributeValue.fromL(List.of(AttributeValue.fromN("0"))))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromBool(false))));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("bool", AttributeValue.fromBool(true));
        return item;
    }

    private static Record sdkRecord(
            OperationType operation,
            String sequenceNumber,
            Map<String, AttributeValue> keys,
            Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage) {
        StreamRecord.Builder dynamodb = StreamRecord.builder()
                .keys(keys)
                .sequenceNumber(sequenceNumber)
                .sizeBytes(100L)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                .approximateCreationDateTime(CREATED);
        if (newImage != null) {
            dynamodb.newImage(newImage);
        }
        if (oldImage != null) {
            dynamodb.oldImage(oldImage);
        }
        return Record.builder()
                .eventID("id-" + sequenceNumber)
                .eventName(operation)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion("us-east-1")
                .userIdentity(Identity.builder()
                        .principalId("dynamodb.amazonaws.com")
                        .type("Service")
                        .build())
                .dynamodb(dynamodb.build())
                .build();
    }

    @Test
    void sdkRecords_becomeTheLambdaEvent_andMapToTheSameEnvelopesAsTheSdkItemsThemselves() {
        Map<String, AttributeValue> keys = Map.of("emp_id", AttributeValue.fromS("E1"));
        Map<String, AttributeValue> item = everyType();
        List<Record> records = List.of(
                sdkRecord(OperationType.INSERT, "100", keys, item, null),
                sdkRecord(OperationType.REMOVE, "200", keys, null, item));

        DynamodbEvent event = StreamRecords.toLambdaEvent(records, ARN);

        assertThat(event.getRecords()).hasSize(2);
        var insert = event.getRecords().get(0);
        assertThat(insert.getEventSourceARN()).isEqualTo(ARN);
        assertThat(insert.getEventID()).isEqualTo("id-100");
        assertThat(insert.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(insert.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(insert.getDynamodb().getApproximateCreationDateTime().toInstant())
                .isEqualTo(CREATED);
        assertThat(insert.getDynamodb().getOldImage()).isNull();
        assertThat(event.getRecords().get(1).getDynamodb().getNewImage()).isNull();

        EnvelopeMapper mapper = new EnvelopeMapper();
        assertThat(mapper.map(insert))
                .isEqualTo(ChangeEnvelope.of(
                        ChangeEnvelope.EventName.INSERT, "Employees", keys, item, null, "100", CREATED));
        assertThat(mapper.map(event.getRecords().get(1)))
                .isEqualTo(ChangeEnvelope.of(
                        ChangeEnvelope.EventName.REMOVE, "Employees", keys, null, item, "200", CREATED));
    }

    @Test
    void convertedEvent_drivesTheServiceLikeALambdaInvocation() {
        FakeClock clock = new FakeClock(Instant.parse("2024-05-01T10:20:31Z"));
        FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(5));
        ForwarderConfig config = ForwarderConfig.defaults("changes");
        ForwarderService service = new ForwarderService(
                config,
                new KinesisPublisher(
                        kinesis,
                        "changes",
                        null,
                        new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)),
                        clock.sleeper(new ArrayList<>()),
                        () -> 0.5),
                null,
                StructuredLog.to("test", line -> {}),
                clock);
        Map<String, AttributeValue> keys = Map.of("emp_id", AttributeValue.fromS("E1"));

        ForwardResult result = service.forward(
                StreamRecords.toLambdaEvent(
                        List.of(
                                sdkRecord(OperationType.INSERT, "100", keys, everyType(), null),
                                sdkRecord(OperationType.MODIFY, "101", keys, everyType(), everyType())),
                        ARN),
                Duration.ofSeconds(10));

        assertThat(result.failedSequenceNumbers()).isEmpty();
        assertThat(kinesis.storedSequenceNumbers()).containsExactly("100", "101");
        assertThat(result.stats().iteratorAgeMillis()).isEqualTo(544);
    }
}
