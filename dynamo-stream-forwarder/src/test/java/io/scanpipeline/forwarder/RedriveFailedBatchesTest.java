package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** {@link RedriveFailedBatches} and {@link FailedBatch}: on-failure records as an S3 destination keeps them. */
class RedriveFailedBatchesTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2024-01-01T00:00:05Z"));
    private final FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(20));
    private final List<String> logLines = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void failedBatches_areForwardedInStreamOrder_whicheverOrderTheyAreFoundIn() throws Exception {
        // E1's insert is in the first batch, its modify in the second; the file lists them the other way round
        Path file = write(
                onFailure(
                        "300",
                        "400",
                        record("MODIFY", "300", "E1", "secops"),
                        record("INSERT", "400", "E2", "security")),
                onFailure(
                        "100",
                        "200",
                        record("INSERT", "100", "E1", "security"),
                        record("INSERT", "200", "E3", "security")));

        RedriveFailedBatches.Result result = redrive().redrive(RedriveFailedBatches.readLines(file));

        assertThat(result.complete()).isTrue();
        assertThat(result.batches()).isEqualTo(2);
        assertThat(result.records()).isEqualTo(4);
        assertThat(result.published()).isEqualTo(4);
        assertThat(storedSequenceNumbers()).containsExactly("100", "200", "300", "400");
    }

    @Test
    void kinesisStillDown_stopsAtTheFirstFailedBatch_sendsNothingAfterIt_andIsNoSuccess() throws Exception {
        kinesis.answering((call, entries) -> new ArrayList<>(Collections.nCopies(entries.size(), "InternalFailure")));
        Path file = write(
                onFailure("100", "100", record("INSERT", "100", "E1", "security")),
                onFailure("300", "300", record("MODIFY", "300", "E1", "secops")));

        RedriveFailedBatches.Result result = redrive().redrive(RedriveFailedBatches.readLines(file));

        assertThat(result.complete()).isFalse();
        assertThat(result.batches()).isZero();
        assertThat(result.failure()).contains(file + " line 1").contains("100");
        assertThat(kinesis.requests)
                .allSatisfy(request -> assertThat(request.records())
                        .extracting(PutRecordsRequestEntry::partitionKey)
                        .noneMatch(key -> key.contains("secops")));
        assertThat(kinesis.stored).isEmpty();
    }

    @Test
    void redrivingTwice_deliversTheSameEventIdsAgain_soDuplicatesDedupAndNothingIsLost() throws Exception {
        Path file = write(onFailure(
                "100", "200", record("INSERT", "100", "E1", "security"), record("REMOVE", "200", "E1", "security")));

        redrive().redrive(RedriveFailedBatches.readLines(file));
        redrive().redrive(RedriveFailedBatches.readLines(file));

        List<String> eventIds = new ArrayList<>();
        for (PutRecordsRequestEntry entry : kinesis.stored) {
            eventIds.add(Json.mapper()
                    .readTree(entry.data().asUtf8String())
                    .get("eventId")
                    .asText());
        }
        assertThat(eventIds).hasSize(4);
        assertThat(eventIds.subList(2, 4)).isEqualTo(eventIds.subList(0, 2));
    }

    @Test
    void metadataOnlyRecord_asSqsReceivesIt_isRejectedNamingTheSourceAndTheShardRangeToReRead() throws Exception {
        ObjectNode metadataOnly = onFailure("100", "200", record("INSERT", "100", "E1", "security"));
        metadataOnly.remove("payload");
        Path file = write(metadataOnly);

        assertThatThrownBy(() -> RedriveFailedBatches.readLines(file))
                .isInstanceOf(FailedBatchFormatException.class)
                .hasMessageContaining(file + " line 1")
                .hasMessageContaining("shardId-000")
                .hasMessageContaining("AT_SEQUENCE_NUMBER")
                .hasMessageContaining("from 100 to 200");
    }

    @Test
    void recordWithoutBatchInfo_isRejectedNamingTheField() {
        JsonNode notOurs = Json.mapper().createObjectNode().put("version", "1.0");

        assertThatThrownBy(() -> FailedBatch.parse(notOurs, "s3://failures/aws/lambda/x"))
                .isInstanceOf(FailedBatchFormatException.class)
                .hasMessageContaining("s3://failures/aws/lambda/x")
                .hasMessageContaining("DDBStreamBatchInfo");
    }

    private RedriveFailedBatches redrive() {
        ForwarderConfig config = ForwarderConfig.defaults("changes");
        KinesisPublisher publisher = new KinesisPublisher(
                kinesis,
                config.streamName(),
                config.streamArn(),
                new Backoff(config.retryBaseBackoff(), config.retryMaxBackoff()),
                clock.sleeper(new ArrayList<>()),
                () -> 0.5);
        ForwarderService service =
                new ForwarderService(config, publisher, null, StructuredLog.to("test", logLines::add), clock);
        return new RedriveFailedBatches(service, StructuredLog.to("test", logLines::add));
    }

    private List<String> storedSequenceNumbers() throws Exception {
        List<String> sequenceNumbers = new ArrayList<>();
        for (PutRecordsRequestEntry entry : kinesis.stored) {
            sequenceNumbers.add(Json.mapper()
                    .readTree(entry.data().asUtf8String())
                    .get("sequenceNumber")
                    .asText());
        }
        return sequenceNumbers;
    }

    private Path write(ObjectNode... records) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (ObjectNode record : records) {
            lines.append(Json.mapper().writeValueAsString(record)).append('\n');
        }
        Path file = dir.resolve("on-failure.jsonl");
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** An on-failure record as Lambda writes it to an S3 destination: metadata plus the event as {@code payload}. */
    static ObjectNode onFailure(String start, String end, ObjectNode... records) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.putObject("requestContext")
                .put("condition", "RetryAttemptsExhausted")
                .put("approximateInvokeCount", 3);
        root.put("version", "1.0");
        root.put("timestamp", "2024-01-01T00:10:00Z");
        ObjectNode info = root.putObject("DDBStreamBatchInfo");
        info.put("shardId", "shardId-000");
        info.put("startSequenceNumber", start);
        info.put("endSequenceNumber", end);
        info.put("batchSize", records.length);
        info.put("streamArn", StreamEvents.ARN);
        ObjectNode event = Json.mapper().createObjectNode();
        for (ObjectNode record : records) {
            event.withArray("Records").add(record);
        }
        root.put("payload", event.toString());
        return root;
    }

    /** A stream record in the JSON Lambda delivers. */
    static ObjectNode record(String eventName, String sequenceNumber, String empId, String dept) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("eventID", "event-" + sequenceNumber);
        record.put("eventName", eventName);
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", "us-east-1");
        record.put("eventSourceARN", StreamEvents.ARN);
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", 1704067200);
        dynamodb.putObject("Keys").putObject("emp_id").put("S", empId);
        ObjectNode image = Json.mapper().createObjectNode();
        image.putObject("emp_id").put("S", empId);
        image.putObject("dept").put("S", dept);
        dynamodb.set("REMOVE".equals(eventName) ? "OldImage" : "NewImage", image);
        dynamodb.put("SequenceNumber", sequenceNumber);
        dynamodb.put("SizeBytes", 40);
        dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
        return record;
    }
}
