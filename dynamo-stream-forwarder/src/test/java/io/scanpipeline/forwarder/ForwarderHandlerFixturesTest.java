package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Drives {@link ForwarderHandler} with real third-party DynamoDB stream events (see events/SOURCES.md), read the way
 * the Java runtime reads them, and compares every envelope that reached the (fake) stream with the hand-written
 * expectation in expected/, as JSON trees: exact numbers, binary as base64, sets as arrays.
 */
class ForwarderHandlerFixturesTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2024-06-01T12:00:00Z"));
    private final FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(20));
    private final List<String> logLines = new ArrayList<>();
    private final ForwarderHandler handler = new ForwarderHandler(new ForwarderService(
            ForwarderConfig.defaults("changes"),
            new KinesisPublisher(
                    kinesis,
                    "changes",
                    null,
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                    clock.sleeper(new ArrayList<>()),
                    () -> 0.5),
            null,
            StructuredLog.to("test", logLines::add),
            clock));

    @Test
    void allAttributeTypes_becomeExactEnvelopes_withBinaryAsBase64_andSetsAsArrays() {
        assertForwardedExactly("dynamodb-stream-all-attribute-types.json");
    }

    @Test
    void insertModifyRemove_keepOldImageOnRemove_andFractionalSecondsAsMillis() {
        assertForwardedExactly("dynamodb-stream-insert-modify-remove.json");
    }

    @Test
    void bomPrefixedEvent_isReadLikeTheRuntime_andItsMillisecondEpochIsScaledBack() {
        assertThat(LambdaEvents.bytes("events/dynamodb-stream-bom-ms-timestamp.json"))
                .startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertForwardedExactly("dynamodb-stream-bom-ms-timestamp.json");
    }

    @Test
    void splunkBlueprintWithoutCreationTime_omitsTheTimeFields() {
        assertForwardedExactly("dynamodb-stream-splunk-blueprint.json");
        assertThat(logLines.get(0)).doesNotContain("IteratorAge");
    }

    @Test
    void changesOfOneItem_shareOnePartitionKey_theCanonicalKey() {
        handle("dynamodb-stream-insert-modify-remove.json");
        assertThat(kinesis.stored)
                .extracting(PutRecordsRequestEntry::partitionKey)
                .containsExactly("{\"Id\":101}", "{\"Id\":101}", "{\"Id\":101}");
        // one item, three changes: three calls, so a retry could never reorder them
        assertThat(kinesis.requests).hasSize(3);
    }

    @Test
    void compositeKey_isCanonicalisedWithSortedAttributeNames() {
        handle("dynamodb-stream-all-attribute-types.json");
        assertThat(kinesis.stored)
                .extracting(PutRecordsRequestEntry::partitionKey)
                .containsOnly("{\"key\":\"binary\",\"val\":\"data\"}");
    }

    @Test
    void invocation_logsOneEmbeddedMetricLine_withIteratorAge() throws Exception {
        Instant received = clock.instant();
        handle("dynamodb-stream-insert-modify-remove.json");
        assertThat(logLines).hasSize(1);
        JsonNode line = Json.mapper().readTree(logLines.get(0));
        assertThat(line.get("RecordsIn").asInt()).isEqualTo(3);
        assertThat(line.get("RecordsPublished").asInt()).isEqualTo(3);
        // the oldest record was created at 2015-04-09T00:00:00Z
        long expectedAge = Duration.between(Instant.parse("2015-04-09T00:00:00Z"), received)
                .toMillis();
        assertThat(line.get("IteratorAge").asLong()).isEqualTo(expectedAge);
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("ScanPipeline/Forwarder");
    }

    @Test
    void kinesisFormatRecord_isNotALambdaStreamEvent_andFailsLoudly() {
        // A "Kinesis Data Streams for DynamoDB" record: the serializer reads it without complaint, but there is no
        // Records array. Answering "no failures" would acknowledge data that was never looked at.
        DynamodbEvent event = LambdaEvents.dynamodbEvent("dynamodb-kinesis-format-record.json");
        assertThat(event.getRecords()).isNull();

        assertThatThrownBy(() -> handler.handleRequest(event, new FakeContext(30_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DynamoDB stream event");
        assertThat(kinesis.requests).isEmpty();
    }

    @Test
    void nullEvent_failsLoudly() {
        // the runtime hands a null event to the handler when the payload is the JSON literal null
        assertThat(LambdaEvents.serializer().fromJson("null")).isNull();
        assertThatThrownBy(() -> handler.handleRequest(null, new FakeContext(30_000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedEvent_failsInTheRuntimeSerializer_ratherThanBecomingAnEmptyEvent() {
        assertThatThrownBy(() -> LambdaEvents.dynamodbEvent("dynamodb-stream-MALFORMED.json"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Unexpected end-of-input");
    }

    @Test
    void bom_isSkippedWhenReadingBytes_butRejectedInAString() {
        // why LambdaEvents reads bytes: that is what the runtime does, and only that path tolerates the BOM
        String text =
                new String(LambdaEvents.bytes("events/dynamodb-stream-bom-ms-timestamp.json"), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        assertThatThrownBy(() -> LambdaEvents.serializer().fromJson(text)).hasMessageContaining("65279");
        assertThat(LambdaEvents.dynamodbEvent("dynamodb-stream-bom-ms-timestamp.json")
                        .getRecords())
                .hasSize(2);
    }

    private StreamsEventResponse handle(String fixture) {
        return handler.handleRequest(LambdaEvents.dynamodbEvent(fixture), new FakeContext(30_000));
    }

    private void assertForwardedExactly(String fixture) {
        StreamsEventResponse response = handle(fixture);

        assertThat(response.getBatchItemFailures()).isEmpty();
        JsonNode expected = readExpected(fixture);
        List<JsonNode> actual = kinesis.storedJson();
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("envelope %d of %s", i, fixture).isEqualTo(expected.get(i));
            // and the bytes read back into the same envelope
            byte[] data = kinesis.stored.get(i).data().asByteArrayUnsafe();
            assertThat(ChangeEnvelopeCodec.toJson(ChangeEnvelopeCodec.fromBytes(data))
                            .toString())
                    .isEqualTo(new String(data, StandardCharsets.UTF_8));
        }
    }

    private static JsonNode readExpected(String fixture) {
        try {
            return Json.mapper()
                    .readTree(LambdaEvents.bytes("expected/" + fixture.replace(".json", ".envelopes.json")));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
