package io.scanpipeline.sink;

import static io.scanpipeline.sink.SinkEmulators.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.sink.kcl.LeaseTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Two SinkApp workers (child JVMs) share a two-shard stream on the emulators with count-based lease assignment:
 * a second worker gets a shard, one stopped with SIGTERM hands its lease over before it exits, one killed with
 * SIGKILL loses its lease by expiry; the time until each shard moves is printed, and every envelope arrives.
 */
class MultiWorkerIT {

    private static final String STREAM = "findings-multi";
    private static final String APP = "scan-sink-multi";
    private static SinkEmulators pipeline;
    private static DynamoDbAsyncClient dynamoDb;
    private static final List<SinkProcess> workers = new ArrayList<>();
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
        logDir = Files.createDirectories(Path.of("target", "multi-worker-it"));
        for (String worker : List.of("a", "b", "c")) {
            Files.deleteIfExists(logDir.resolve("worker-" + worker + ".log"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        workers.forEach(SinkProcess::close);
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static SinkProcess worker(String name) throws Exception {
        Map<String, String> env = pipeline.env(STREAM, APP);
        env.put("WORKER_ID", "worker-" + name);
        env.put("LEASE_ASSIGNMENT_STRATEGY", "LEASE_COUNT_BASED");
        SinkProcess worker = SinkProcess.start(env, logDir.resolve("worker-" + name + ".log"));
        workers.add(worker);
        return worker;
    }

    private static Map<String, String> owners() {
        return new LeaseTable(dynamoDb, APP).owners();
    }

    private static long count(String owner) {
        return owners().values().stream().filter(owner::equals).count();
    }

    @Test
    void gracefulStop_handsItsShardOverAtOnce_aKilledWorkersShardMovesOnExpiry_andNothingIsMissing() throws Exception {
        List<SinkEmulators.Sent> sent = new ArrayList<>(pipeline.put(STREAM, "Findings", 0, 200));
        SinkProcess a = worker("a");
        eventually(Duration.ofSeconds(90), () -> received().containsAll(ids(sent)));

        long joined = System.nanoTime();
        SinkProcess b = worker("b");
        eventually(Duration.ofSeconds(90), () -> count("worker-a") == 1 && count("worker-b") == 1);
        Duration toBalance = since(joined);
        sent.addAll(pipeline.put(STREAM, "Findings", 200, 400));
        eventually(Duration.ofSeconds(90), () -> received().containsAll(ids(sent)));

        String shardOfB = owners().entrySet().stream()
                .filter(e -> "worker-b".equals(e.getValue()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        long terminated = System.nanoTime();
        assertThat(b.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        Duration stopping = since(terminated);
        Map<String, String> atExit = owners();
        eventually(Duration.ofSeconds(60), () -> "worker-a".equals(owners().get(shardOfB)));
        Duration gracefulMove = since(terminated);
        System.out.printf(
                "multi-worker: SIGTERM took %d ms to exit, owners at exit %s, shard %s with worker-a after "
                        + "%d ms%n",
                stopping.toMillis(), atExit, shardOfB, gracefulMove.toMillis());
        // the stopped worker keeps no lease: either the hand-over gave its shard to worker-a, or KCL's own graceful
        // shutdown had already let worker-a take it (then the hand-over finds nothing of worker-b's to move)
        assertThat(atExit).as("lease owners when worker-b exited").doesNotContainValue("worker-b");
        assertThat(b.logLines("leases_handed_over")).singleElement().satisfies(line -> {
            String moved = line.path("movedTo").path(shardOfB).asText();
            assertThat(moved.isEmpty() ? atExit.get(shardOfB) : moved).isEqualTo("worker-a");
        });
        sent.addAll(pipeline.put(STREAM, "Findings", 400, 600));
        eventually(Duration.ofSeconds(90), () -> received().containsAll(ids(sent)));

        SinkProcess c = worker("c");
        eventually(Duration.ofSeconds(90), () -> count("worker-a") == 1 && count("worker-c") == 1);
        String shardOfA = owners().entrySet().stream()
                .filter(e -> "worker-a".equals(e.getValue()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        sent.addAll(pipeline.put(STREAM, "Findings", 600, 700));
        long killed = System.nanoTime();
        a.kill();
        eventually(Duration.ofSeconds(120), () -> "worker-c".equals(owners().get(shardOfA)));
        Duration killMove = since(killed);
        sent.addAll(pipeline.put(STREAM, "Findings", 700, 800));
        eventually(Duration.ofSeconds(120), () -> received().containsAll(ids(sent)));

        List<String> all = pipeline.receivedEventIds();
        assertThat(new HashSet<>(all)).as("nothing missing, nothing foreign").isEqualTo(ids(sent));
        long duplicates = all.size() - new HashSet<>(all).size();
        System.out.printf(
                "multi-worker: second worker got a shard after %d ms; after SIGTERM its shard moved in "
                        + "%d ms; after SIGKILL in %d ms; %d of %d events delivered twice%n",
                toBalance.toMillis(), gracefulMove.toMillis(), killMove.toMillis(), duplicates, sent.size());
        assertThat(c.isAlive()).isTrue();
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static Set<String> received() {
        return new HashSet<>(pipeline.receivedEventIds());
    }

    private static Set<String> ids(List<SinkEmulators.Sent> records) {
        return records.stream().map(SinkEmulators.Sent::eventId).collect(Collectors.toSet());
    }
}
