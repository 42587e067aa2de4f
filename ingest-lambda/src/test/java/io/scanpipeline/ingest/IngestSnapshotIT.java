package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.ingest.snapshot.DynamoScopeHeads;
import io.scanpipeline.ingest.snapshot.SnapshotScope;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.s3.LocalS3Server;
import io.scanpipeline.local.emulator.s3.S3EventListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Snapshot scopes through the handler on the emulators (dynalite with the scope index, the S3 server): a scan that
 * lands in pieces retires only after its last piece, in every scope of the scan; a scan with a quarantined record
 * retires nothing, the next clean scan does.
 */
class IngestSnapshotIT {

    private LocalAws aws;
    private String bucket;
    private String table;
    private IngestHandler handler;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> continuationEvents = new LinkedBlockingQueue<>();
    private final S3EventListener listener = event -> {
        if (event.isCreated() && event.key().startsWith("_ingest-continuation/")) {
            continuationEvents.add(LocalS3Server.toS3EventJson(event, "us-east-1"));
        }
    };

    @BeforeEach
    void start() {
        aws = LocalAws.shared();
        String id = UUID.randomUUID().toString().substring(0, 8);
        bucket = "snapshot-" + id;
        table = "Snapshot" + id;
        aws.createBucket(bucket, true);
        aws.createTable(
                table,
                "pk",
                null,
                true,
                SnapshotScope.INDEX,
                SnapshotScope.SCOPE_ATTRIBUTE,
                SnapshotScope.SCAN_ATTRIBUTE);
        aws.createTable("Scopes" + id, DynamoScopeHeads.KEY, null, false);
        StructuredLog log = StructuredLog.to("test", logged::add);
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "TABLE_NAME",
                table,
                "PARTITION_KEY",
                "pk",
                "SCOPE_TABLE",
                "Scopes" + id,
                "INGEST_RULES",
                "[{\"prefix\":\"hosts/\",\"format\":\"NDJSON\","
                        + "\"partitionKey\":\"${asset}#${id}\",\"snapshot\":\"${asset}\"}]"));
        handler = new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);
        aws.s3Server().addListener(listener);
    }

    @AfterEach
    void stop() {
        aws.s3Server().removeListener(listener);
    }

    private static String scan(String... assetAndIds) {
        StringBuilder ndjson = new StringBuilder();
        for (String record : assetAndIds) {
            String[] parts = record.split(":");
            ndjson.append("{\"asset\":\"").append(parts[0]).append('"');
            if (parts.length > 1) {
                ndjson.append(",\"id\":\"").append(parts[1]).append('"');
            }
            ndjson.append("}\n");
        }
        return ndjson.toString();
    }

    private Map<String, Object> ingest(String key, String body, int callsPerInvocation) {
        String event = aws.putAndCaptureEvent(bucket, key, RequestBody.fromString(body, StandardCharsets.UTF_8));
        return handler.handleRequest(
                LambdaEvents.s3Event(event), new IngestDeadlineIT.CountdownContext(callsPerInvocation));
    }

    private List<String> keys() {
        return aws.scanAll(table).stream()
                .map(item -> item.get("pk").s())
                .sorted()
                .toList();
    }

    @Test
    void aScanInPieces_retiresOnlyAfterItsLastPiece_inEveryScopeOfTheScan() throws Exception {
        ingest("hosts/monday.ndjson", scan("h1:1", "h1:2", "h1:3", "h2:1", "h2:2", "h2:3"), 1000);
        assertThat(keys()).hasSize(6);
        Thread.sleep(1100); // scan order begins with S3's LastModified, in whole seconds

        Map<String, Object> first = ingest("hosts/tuesday.ndjson", scan("h1:1", "h1:2", "h2:1", "h2:2"), 3);

        assertThat((List<?>) first.get("continuations"))
                .as("stopped before the deadline")
                .hasSize(1);
        assertThat(keys()).as("nothing retired after the first piece").hasSize(6);
        List<String> pieces = new ArrayList<>();
        String next;
        while ((next = continuationEvents.poll(5, TimeUnit.SECONDS)) != null) {
            pieces.add(next);
            handler.handleRequest(LambdaEvents.s3Event(next), new IngestDeadlineIT.CountdownContext(3));
            assertThat(pieces).as("the chain ends").hasSizeLessThan(10);
        }
        assertThat(pieces).isNotEmpty();
        assertThat(keys()).containsExactly("h1#1", "h1#2", "h2#1", "h2#2");
        assertThat(logged)
                .filteredOn(line -> line.contains("\"scope_retired\""))
                .anySatisfy(line -> assertThat(line).contains("rule:hosts/|h1").contains("\"retired\":1"))
                .anySatisfy(line -> assertThat(line).contains("rule:hosts/|h2").contains("\"retired\":1"));
        assertThat(logged)
                .filteredOn(line -> line.contains("\"object_processed\"")
                        && line.contains("hosts/tuesday.ndjson")
                        && line.contains("\"retirement\":\"DONE\""))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("\"ItemsRetired\":2"));
    }

    @Test
    void aScanWithAQuarantinedRecord_retiresNothing_theNextCleanScanDoes() throws Exception {
        ingest("hosts/h3-a.ndjson", scan("h3:1", "h3:2", "h3:3"), 1000);
        Thread.sleep(1100);

        ingest("hosts/h3-b.ndjson", scan("h3:1", "h3"), 1000); // the second record has no id: MISSING_KEY_FIELD

        assertThat(keys()).containsExactly("h3#1", "h3#2", "h3#3");
        assertThat(logged)
                .anySatisfy(
                        line -> assertThat(line).contains("retirement_skipped").contains("QUARANTINED: 1 record(s)"));
        Thread.sleep(1100);

        ingest("hosts/h3-c.ndjson", scan("h3:1"), 1000);

        assertThat(keys()).containsExactly("h3#1");
    }
}
