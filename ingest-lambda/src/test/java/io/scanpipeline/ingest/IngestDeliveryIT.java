package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Redelivery, out-of-order versions, gone objects and the real S3 event samples, on the emulators. */
class IngestDeliveryIT {

    private static LocalAws aws;
    private static String bucket;
    private static String table;
    private static IngestHandler handler;

    @BeforeAll
    static void start() {
        aws = LocalAws.shared();
        bucket = "delivery-" + UUID.randomUUID().toString().substring(0, 8);
        table = "Employees" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        aws.createTable(table, "emp_id");
        handler = handlerFor(table);
    }

    private static IngestHandler handlerFor(String tableName) {
        IngestConfig config = IngestConfig.fromEnv(Map.of("TABLE_NAME", tableName));
        StructuredLog log = StructuredLog.to("test", line -> {});
        return new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);
    }

    private static Map<String, AttributeValue> item(String empId) {
        return aws.dynamoDb()
                .getItem(
                        r -> r.tableName(table).consistentRead(true).key(Map.of("emp_id", AttributeValue.fromS(empId))))
                .item();
    }

    private static String put(String key, String json) {
        return aws.putAndCaptureEvent(bucket, key, RequestBody.fromString(json, StandardCharsets.UTF_8));
    }

    @Test
    void redeliveredEvent_changesNothing_andAddsNoStreamRecord() {
        String event = put("redelivery.json", "[{\"emp_id\":\"R1\",\"v\":1},{\"emp_id\":\"R2\",\"v\":2}]");
        handler.handleRequest(LambdaEvents.s3Event(event), null);
        List<Map<String, AttributeValue>> before = aws.scanAll(table);
        long streamRecordsBefore = aws.streamRecordCount(table);

        Map<String, Object> again = handler.handleRequest(LambdaEvents.s3Event(event), null);

        assertThat(again.get("itemsWritten")).isEqualTo(2L);
        assertThat(aws.scanAll(table)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(aws.streamRecordCount(table))
                .as("identical items are no change for DynamoDB Streams")
                .isEqualTo(streamRecordsBefore);
    }

    @Test
    void olderVersionProcessedAfterNewer_doesNotOverwriteTheNewerItems() {
        String oldEvent =
                put("versions.json", "[{\"emp_id\":\"V1\",\"title\":\"old\"},{\"emp_id\":\"V2\",\"title\":\"old\"}]");
        String newEvent = put("versions.json", "[{\"emp_id\":\"V1\",\"title\":\"new\"}]");

        handler.handleRequest(LambdaEvents.s3Event(newEvent), null);
        Map<String, Object> late = handler.handleRequest(LambdaEvents.s3Event(oldEvent), null);

        assertThat(late.get("outcomes").toString()).contains("SKIPPED_SUPERSEDED");
        assertThat(item("V1").get("title").s()).isEqualTo("new");
        assertThat(item("V2"))
                .as("the old version's records are not written at all")
                .isEmpty();
        assertThat(item("V1").get("_source").m().get("versionId").s())
                .isEqualTo(LambdaEvents.s3Event(newEvent)
                        .getRecords()
                        .get(0)
                        .getS3()
                        .getObject()
                        .getVersionId());
    }

    /** The sequencer of the (single) record of an event. */
    private static String sequencer(String event) {
        return LambdaEvents.s3Event(event)
                .getRecords()
                .get(0)
                .getS3()
                .getObject()
                .getSequencer();
    }

    /**
     * Ingests {@code olderEvent} with a newer version of the same key uploaded and fully ingested while the older
     * one is being read: the older pass then writes its stale records over the newer items.
     */
    private static Map<String, Object> ingestWithNewerVersionArrivingMidway(
            String olderEvent,
            String key,
            String newerJson,
            String[] newerEvent,
            java.util.function.Predicate<Map<String, AttributeValue>> refuse) {
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "TABLE_NAME",
                table,
                "WRITE_MAX_ATTEMPTS",
                "2",
                "WRITE_BACKOFF_BASE",
                "PT0.001S",
                "WRITE_BACKOFF_MAX",
                "PT0.002S"));
        StructuredLog log = StructuredLog.to("test", line -> {});
        Runnable newerArrives = () -> {
            newerEvent[0] = put(key, newerJson);
            handler.handleRequest(LambdaEvents.s3Event(newerEvent[0]), null);
        };
        IngestHandler older = new IngestHandler(
                new IngestService(
                        config,
                        InterposedAws.s3(aws.s3(), newerArrives),
                        InterposedAws.dynamo(aws.dynamoDb(), refuse),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);
        return older.handleRequest(LambdaEvents.s3Event(olderEvent), null);
    }

    @Test
    void newerVersionDuringIngest_isCaughtUpWithItsSequencer_soItsItemsEndExactlyAsItsOwnPassLeftThem() {
        String older =
                put("catch-up.json", "[{\"emp_id\":\"C1\",\"title\":\"old\"},{\"emp_id\":\"C2\",\"title\":\"old\"}]");
        String[] newer = new String[1];
        String newerJson = "[{\"emp_id\":\"C1\",\"title\":\"new\"},{\"emp_id\":\"C2\",\"title\":\"new\"}]";

        ingestWithNewerVersionArrivingMidway(older, "catch-up.json", newerJson, newer, item -> false);

        for (String id : List.of("C1", "C2")) {
            assertThat(item(id).get("title").s()).isEqualTo("new");
            assertThat(item(id).get("_source").m().get("sequencer"))
                    .as("the catch-up writes the newer version's items exactly as its own event did, sequencer "
                            + "included, so the newer event's redelivery changes nothing")
                    .isEqualTo(AttributeValue.fromS(sequencer(newer[0])));
        }
        long streamRecords = aws.streamRecordCount(table);
        handler.handleRequest(LambdaEvents.s3Event(newer[0]), null);
        assertThat(aws.streamRecordCount(table)).as("no spurious MODIFY").isEqualTo(streamRecords);
    }

    @Test
    void olderPassThatFails_stillCatchesUpTheNewerVersion_thenReportsItsFailure() {
        String older = put(
                "failed-pass.json", "[{\"emp_id\":\"F1\",\"title\":\"old\"},{\"emp_id\":\"F2\",\"title\":\"old\"}]");
        String olderVersion = LambdaEvents.s3Event(older)
                .getRecords()
                .get(0)
                .getS3()
                .getObject()
                .getVersionId();
        String[] newer = new String[1];
        String newerJson = "[{\"emp_id\":\"F1\",\"title\":\"new\"},{\"emp_id\":\"F2\",\"title\":\"new\"}]";

        // the older version's F2 can never be written, so its pass fails after writing its stale F1
        assertThatThrownBy(() -> ingestWithNewerVersionArrivingMidway(
                        older,
                        "failed-pass.json",
                        newerJson,
                        newer,
                        item -> item.get("emp_id").s().equals("F2")
                                && item.get("_source").m().get("versionId").s().equals(olderVersion)))
                .isInstanceOf(RetryableIngestException.class);

        assertThat(item("F1").get("title").s())
                .as("newest data lands last even when the older pass failed")
                .isEqualTo("new");
        assertThat(item("F2").get("title").s()).isEqualTo("new");
        assertThat(item("F1").get("_source").m().get("sequencer").s()).isEqualTo(sequencer(newer[0]));
    }

    @Test
    void versionsInOrder_lastFileWins() {
        String first = put("in-order.json", "[{\"emp_id\":\"O1\",\"title\":\"first\"}]");
        handler.handleRequest(LambdaEvents.s3Event(first), null);
        String second = put("in-order.json", "[{\"emp_id\":\"O1\",\"title\":\"second\"}]");
        handler.handleRequest(LambdaEvents.s3Event(second), null);
        assertThat(item("O1").get("title").s()).isEqualTo("second");
    }

    @Test
    void deletedVersion_isSkippedAsGone_notRetried() {
        String event = put("gone.json", "[{\"emp_id\":\"G9\"}]");
        String version = LambdaEvents.s3Event(event)
                .getRecords()
                .get(0)
                .getS3()
                .getObject()
                .getVersionId();
        aws.s3().deleteObject(r -> r.bucket(bucket).key("gone.json").versionId(version));
        Map<String, Object> result = handler.handleRequest(LambdaEvents.s3Event(event), null);
        assertThat(result.get("outcomes").toString()).contains("SKIPPED_GONE");
        assertThat(item("G9")).isEmpty();
    }

    @Test
    void realS3EventSamples_withEncodedKeys_driveTheHandler() throws IOException {
        aws.createBucket("sourcebucket", false);
        String employees = "[{\"emp_id\":\"S1\"},{\"emp_id\":\"S2\"}]";
        aws.s3().putObject(r -> r.bucket("sourcebucket").key("HappyFace.jpg"), RequestBody.fromString(employees));
        aws.s3()
                .putObject(
                        r -> r.bucket("sourcebucket").key("New File.jpg"),
                        RequestBody.fromString("{\"emp_id\":\"S3\"}\n{\"emp_id\":\"S4\"}\n"));
        String sampleTable = "Employees" + UUID.randomUUID().toString().substring(0, 8);
        aws.createTable(sampleTable, "emp_id");

        Map<String, Object> result = handlerFor(sampleTable)
                .handleRequest(LambdaEvents.s3EventResource("s3-put-event-plus-encoded-key.json"), null);

        assertThat(result.get("objects")).isEqualTo(2);
        assertThat(result.get("itemsWritten")).isEqualTo(4L);
        assertThat(aws.scanAll(sampleTable))
                .extracting(i -> i.get("_source").m().get("key").s())
                .containsExactlyInAnyOrder("HappyFace.jpg", "HappyFace.jpg", "New File.jpg", "New File.jpg");
    }

    @Test
    void realS3EventSample_withAVersionThatDoesNotExist_isSkippedAsGone() {
        aws.createBucket("sourcebucket", false);
        aws.s3().putObject(r -> r.bucket("sourcebucket").key("Happy Face.jpg"), RequestBody.fromString("[]"));
        Map<String, Object> result =
                handlerFor(table).handleRequest(LambdaEvents.s3EventResource("s3-put-event.json"), null);
        assertThat(result.get("outcomes").toString())
                .contains("s3://sourcebucket/Happy Face.jpg?versionId=version")
                .contains("SKIPPED_GONE");
    }
}
