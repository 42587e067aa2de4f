package io.scanpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.sink.kcl.LeaseTable;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Issue 16's must-show, end to end: scans go S3 -> ingest -> DynamoDB -> forwarder -> Kinesis -> KCL sink -> a
 * round-robin balancer without stickiness -> two HEC indexers, which both restart mid-stream (ackIds from 0 again,
 * those issued before never turn true). Every change envelope must reach the indexers, no shard may stall, and no
 * checkpoint may ever cover a record the indexers do not hold.
 */
class LocalPipelineIndexerFaultsIT {

    private static final int RESTARTS = 2;

    @TempDir
    Path dir;

    @Test
    void twoIndexersRestartingBehindANonStickyBalancer_everyEnvelopeDelivered_noShardStalled_noCheckpointAhead()
            throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path fixtures = repo.resolve("ingest-lambda/src/test/resources/fixtures");
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("vuln-scans", "asff")) {
            try (Stream<Path> listed = Files.list(fixtures.resolve(folder))) {
                files.addAll(listed.sorted().toList());
            }
        }
        LocalPipeline.Options options = new LocalPipeline.Options(
                null, repo.resolve("config/pipeline.json"), "scans", dir.resolve("pipeline.log"), 2);
        try (LocalPipeline pipeline = LocalPipeline.start(options);
                DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder()
                        .endpointOverride(pipeline.aws().dynamo().endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(LocalAws.CREDENTIALS)
                        .build()) {
            LeaseTable leases = new LeaseTable(dynamoDb, Downstream.APPLICATION);
            int half = files.size() / 2;
            upload(pipeline, files.subList(0, half));
            // restart while the first half is being delivered (each indexer holds acks for 200 ms)
            eventually(Duration.ofMinutes(3), () -> pipeline.hecEventIds() >= 40);
            pipeline.restartHecIndexers();
            assertNoCheckpointCoversAnUndeliveredRecord(pipeline, leases);
            upload(pipeline, files.subList(half, files.size()));
            long seen = pipeline.hecEventIds();
            eventually(Duration.ofMinutes(3), () -> pipeline.hecEventIds() >= seen + 40);
            pipeline.restartHecIndexers();
            assertNoCheckpointCoversAnUndeliveredRecord(pipeline, leases);

            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3)))
                    .as("every change reached an indexer")
                    .isTrue();
            assertThat(pipeline.notifications().failures()).isEmpty();

            // what the forwarder published (by eventId) is what the tables' streams recorded, and what the indexers
            // hold
            Map<String, List<Record>> published =
                    kinesisRecords(pipeline.aws().kinesisClient(), pipeline.changeStream());
            Set<String> expected = new HashSet<>();
            published.values().forEach(records -> records.forEach(r -> expected.add(eventId(r))));
            long streamRecords = pipeline.tables().stream()
                    .map(t -> t.table())
                    .distinct()
                    .mapToLong(pipeline.aws()::streamRecordCount)
                    .sum();
            assertThat((long) expected.size())
                    .as("one envelope per stream record")
                    .isEqualTo(streamRecords);
            assertThat(delivered(pipeline))
                    .as("every envelope delivered, nothing foreign")
                    .isEqualTo(expected);
            assertThat(pipeline.sinkDeadLettered()).isZero();
            assertThat(pipeline.hecRequestsPerIndexer())
                    .allSatisfy(n -> assertThat(n).isPositive());
            assertNoCheckpointCoversAnUndeliveredRecord(pipeline, leases);

            // no shard stalled: /health answers 200 with no stalled shard, then a graceful stop checkpoints every
            // shard up to its last record
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + pipeline.downstream().sink().healthPort() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).doesNotContain("\"stalledShards\":[\"");
            pipeline.downstream().sink().close();
            Map<String, String> checkpoints = leases.checkpoints();
            published.forEach((shard, records) -> {
                if (!records.isEmpty()) {
                    BigInteger last =
                            new BigInteger(records.get(records.size() - 1).sequenceNumber());
                    assertThat(checkpoints.get(shard))
                            .as("checkpoint of " + shard)
                            .matches("\\d+");
                    assertThat(new BigInteger(checkpoints.get(shard)))
                            .as("checkpoint of " + shard)
                            .isGreaterThanOrEqualTo(last);
                }
            });

            long copies = pipeline.changeEvents().size();
            long reuses = Files.readAllLines(options.logFile()).stream()
                    .filter(line -> line.contains("\"hec_ack_id_reused\""))
                    .count();
            System.out.printf(
                    "pipeline indexer faults: %d envelopes, %d stored copies (%d duplicates), %d ackId "
                            + "reuses seen, %d restarts of both indexers, requests per indexer %s, shards %d%n",
                    expected.size(),
                    copies,
                    copies - expected.size(),
                    reuses,
                    RESTARTS,
                    pipeline.hecRequestsPerIndexer(),
                    published.size());
            assertThat(reuses)
                    .as("the balancer without stickiness made ackIds collide")
                    .isPositive();
            // KCL 3.5 keeps coordinator state and worker metrics in the lease table: no tables of their own
            List<String> tables = pipeline.aws().dynamoDb().listTables().tableNames();
            assertThat(tables)
                    .contains(Downstream.APPLICATION)
                    .noneMatch(t -> t.endsWith("-CoordinatorState") || t.endsWith("-WorkerMetricStats"));
        }
    }

    private static void upload(LocalPipeline pipeline, List<Path> files) {
        for (Path file : files) {
            String name = file.getFileName().toString();
            pipeline.aws().s3().putObject(r -> r.bucket("scans").key(LocalPipelineIT.prefixOf(name) + name), file);
        }
    }

    /**
     * Every record at or below its shard's checkpoint is held by an indexer. The checkpoints are read first, then
     * the indexers, so a delivery in between can only help.
     */
    private static void assertNoCheckpointCoversAnUndeliveredRecord(LocalPipeline pipeline, LeaseTable leases) {
        Map<String, String> checkpoints = leases.checkpoints();
        Set<String> delivered = delivered(pipeline);
        kinesisRecords(pipeline.aws().kinesisClient(), pipeline.changeStream()).forEach((shard, records) -> {
            String checkpoint = checkpoints.get(shard);
            if (checkpoint == null || !checkpoint.chars().allMatch(Character::isDigit)) {
                return; // TRIM_HORIZON, LATEST, SHARD_END: no record position
            }
            BigInteger position = new BigInteger(checkpoint);
            for (Record record : records) {
                if (new BigInteger(record.sequenceNumber()).compareTo(position) <= 0) {
                    assertThat(delivered)
                            .as("checkpoint " + checkpoint + " of " + shard + " covers " + record.sequenceNumber())
                            .contains(eventId(record));
                }
            }
        });
    }

    private static Set<String> delivered(LocalPipeline pipeline) {
        Set<String> ids = new HashSet<>();
        pipeline.changeEvents()
                .forEach(e -> ids.add(e.path("event").path("eventId").asText()));
        return ids;
    }

    private static String eventId(Record record) {
        return ChangeEnvelopeCodec.fromBytes(record.data().asByteArray()).eventId();
    }

    /** Every record of every shard, in order, read from the start. */
    private static Map<String, List<Record>> kinesisRecords(KinesisClient kinesis, String stream) {
        Map<String, List<Record>> byShard = new HashMap<>();
        for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            List<Record> records = new ArrayList<>();
            String iterator = kinesis.getShardIterator(r -> r.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            for (int calls = 0; iterator != null && calls < 1_000; calls++) {
                String current = iterator;
                GetRecordsResponse page =
                        kinesis.getRecords(r -> r.shardIterator(current).limit(1000));
                records.addAll(page.records());
                if (page.records().isEmpty() && Long.valueOf(0).equals(page.millisBehindLatest())) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
            byShard.put(shard.shardId(), records);
        }
        return byShard;
    }

    private static void eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
