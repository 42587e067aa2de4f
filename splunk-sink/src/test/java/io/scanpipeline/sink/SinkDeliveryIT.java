package io.scanpipeline.sink;

import static io.scanpipeline.sink.SinkEmulators.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.S3RejectStore;
import io.scanpipeline.local.emulator.hec.HecFaults;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.kcl.LeaseTable;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The sink as it runs in production — {@link SinkApp#main} in its own JVM, a KCL 3 scheduler with its lease table on
 * DynamoDB (dynalite), reading Kinesis (kinesis-mock), writing to a Splunk HEC receiver with indexer acks and dead
 * letters to S3 — through a crash (SIGKILL), a restart, a Splunk that refuses and loses requests, and a SIGTERM.
 * The tests build on each other, in order, over one stream and one application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SinkDeliveryIT {

    private static final String STREAM = "findings";
    private static final String APP = "scan-sink-it";
    private static SinkEmulators pipeline;
    private static DynamoDbAsyncClient dynamoDb;
    private static SinkProcess sink;
    private static final List<SinkEmulators.Sent> sent = new ArrayList<>();
    private static Path logDir;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new SinkEmulators();
        pipeline.createStream(STREAM, 2);
        dynamoDb = DynamoDbAsyncClient.builder()
                .endpointOverride(pipeline.dynamoDb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(SinkEmulators.CREDENTIALS)
                .build();
        logDir = Files.createDirectories(Path.of("target", "sink-it"));
        for (String run : List.of("run-1.log", "run-2.log")) {
            Files.deleteIfExists(logDir.resolve(run));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (sink != null) {
            sink.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void deliversEveryEnvelope_andDeadLettersTheUnreadableRecord() throws Exception {
        sent.addAll(pipeline.put(STREAM, "Findings", 0, 300));
        SinkEmulators.Sent garbage = pipeline.putGarbage(STREAM, "not an envelope");
        sink = SinkProcess.start(pipeline.env(STREAM, APP), logDir.resolve("run-1.log"));

        eventually(Duration.ofSeconds(90), () -> receivedIds().containsAll(ids(sent)));
        S3RejectStore store = new S3RejectStore(pipeline.s3Client, SinkEmulators.BUCKET);
        eventually(
                Duration.ofSeconds(10),
                () -> !store.list("dead-letter/" + APP + "/").isEmpty());

        assertThat(new HashSet<>(pipeline.receivedEventIds())).isEqualTo(ids(sent));
        int healthPort = sink.logLines("sink_started").get(0).path("healthPort").asInt();
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + healthPort + "/health"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        assertThat(sink.logLines("sink_progress"))
                .as("progress lines every PROGRESS_INTERVAL")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.has("eventsPerSecond") && line.has("shards"))
                        .isTrue());
        List<String> objects = store.list("dead-letter/" + APP + "/");
        assertThat(objects).singleElement().asString().startsWith("dead-letter/" + APP + "/" + garbage.shardId() + "/");
        List<DeadLetter> letters = DeadLetters.parse(store.get(objects.get(0)));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.DECODE);
            assertThat(letter.reason()).startsWith("not JSON");
            assertThat(letter.position().sequenceText()).isEqualTo(garbage.sequenceNumber());
            assertThat(new String(letter.data(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("not an envelope");
        });
    }

    @Test
    @Order(2)
    void sigkillAndRestart_loseNothing_andDuplicateOnlyRecordsAfterTheLastCheckpoint() throws Exception {
        int before = pipeline.receivedEventIds().size();
        List<SinkEmulators.Sent> second = pipeline.put(STREAM, "Findings", 300, 500);
        sent.addAll(second);
        // kill while the second group is being delivered, so part of it is confirmed but not yet checkpointed
        eventually(Duration.ofSeconds(60), () -> pipeline.receivedEventIds().size() >= before + 60);
        sink.kill();
        Map<String, String> checkpointsAtKill = new LeaseTable(dynamoDb, APP).checkpoints();

        sink = SinkProcess.start(pipeline.env(STREAM, APP), logDir.resolve("run-2.log"));
        eventually(Duration.ofSeconds(90), () -> receivedIds().containsAll(ids(sent)));

        List<String> received = pipeline.receivedEventIds();
        assertThat(new HashSet<>(received)).as("nothing lost, nothing foreign").isEqualTo(ids(sent));
        Map<String, Long> copies = received.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        Map<String, SinkEmulators.Sent> byId =
                sent.stream().collect(Collectors.toMap(SinkEmulators.Sent::eventId, Function.identity()));
        List<SinkEmulators.Sent> duplicated = copies.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> byId.get(e.getKey()))
                .toList();
        System.out.printf(
                "checkpoints at kill %s; %d of %d events were delivered twice%n",
                checkpointsAtKill, duplicated.size(), sent.size());
        assertThat(duplicated).allSatisfy(record -> {
            String checkpoint = checkpointsAtKill.get(record.shardId());
            if (checkpoint != null && checkpoint.chars().allMatch(Character::isDigit)) {
                assertThat(new BigInteger(record.sequenceNumber()))
                        .as("duplicate of " + record)
                        .isGreaterThan(new BigInteger(checkpoint));
            }
        });
        // no event was delivered more than twice: one crash, one re-read of the uncheckpointed tail
        assertThat(copies.values()).allSatisfy(count -> assertThat(count).isBetween(1L, 2L));
    }

    @Test
    @Order(3)
    void busyAndAckLosingSplunk_stillGetsEverything() throws Exception {
        pipeline.receiver.faults(
                HecFaults.none().withBusyRate(0.3).withLostAckRate(0.1).withSeed(7));
        // the faults are random: send another group while none of the accepted requests had its ack lost (bounded)
        for (int group = 0; group < 3 && (group == 0 || pipeline.receiver.lostRequests() == 0); group++) {
            List<SinkEmulators.Sent> third = pipeline.put(STREAM, "Findings", 500 + group * 300, 800 + group * 300);
            sent.addAll(third);
            eventually(Duration.ofSeconds(120), () -> receivedIds().containsAll(ids(third)));
        }

        assertThat(pipeline.receiver.countByHttpStatus(503)).as("503 answers").isPositive();
        assertThat(pipeline.receiver.lostRequests())
                .as("requests whose ack was lost")
                .isPositive();
        assertThat(receivedIds()).isEqualTo(ids(sent));
        pipeline.receiver.faults(HecFaults.none());
    }

    @Test
    @Order(4)
    void sigterm_stopsGracefully_andCheckpointsTheEndOfEveryShard() throws Exception {
        int exit = sink.terminate(Duration.ofSeconds(60));

        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(sink.logLines("sink_stopped")).hasSize(1);
        Map<String, BigInteger> lastPerShard = new HashMap<>();
        sent.forEach(record ->
                lastPerShard.merge(record.shardId(), new BigInteger(record.sequenceNumber()), BigInteger::max));
        Map<String, String> checkpoints = new LeaseTable(dynamoDb, APP).checkpoints();
        lastPerShard.forEach((shard, last) -> assertThat(new BigInteger(checkpoints.get(shard)))
                .as("checkpoint of " + shard)
                .isGreaterThanOrEqualTo(last));
    }

    private static Set<String> receivedIds() {
        return new HashSet<>(pipeline.receivedEventIds());
    }

    private static Set<String> ids(List<SinkEmulators.Sent> records) {
        return records.stream().map(SinkEmulators.Sent::eventId).collect(Collectors.toSet());
    }
}
