package io.scanpipeline.sink;

import static io.scanpipeline.sink.SinkEmulators.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.local.emulator.hec.HecBalancer;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Issue 16's end-to-end check: the sink ({@link SinkApp#main} in its own JVM, acks on) writes through a round-robin
 * balancer <em>without</em> stickiness to two indexers, which both restart mid-stream (ackIds from 0 again). Every
 * envelope must arrive, no shard may stall (the checkpoint of every shard reaches its last record), and nothing is
 * checkpointed that was not delivered.
 */
class SinkIndexerFaultsIT {

    private static final String STREAM = "findings-lb";
    private static final String APP = "scan-sink-lb-it";
    private static SinkEmulators pipeline;
    private static HecReceiver secondIndexer;
    private static HecBalancer balancer;
    private static DynamoDbAsyncClient dynamoDb;
    private static SinkProcess sink;
    private static Path logDir;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new SinkEmulators();
        pipeline.createStream(STREAM, 2);
        // acks take a while to turn true, so that ackIds are still awaited when the indexers restart
        secondIndexer = HecReceiver.start(HecReceiverConfig.builder()
                .token(SinkEmulators.TOKEN, true)
                .ackDelay(Duration.ofMillis(300))
                .build());
        balancer = HecBalancer.start(List.of(pipeline.receiver.endpoint(), secondIndexer.endpoint()), false);
        dynamoDb = DynamoDbAsyncClient.builder()
                .endpointOverride(pipeline.dynamoDb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(SinkEmulators.CREDENTIALS)
                .build();
        logDir = Files.createDirectories(Path.of("target", "sink-it"));
        Files.deleteIfExists(logDir.resolve("indexer-faults.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sink != null) {
            sink.close();
        }
        if (balancer != null) {
            balancer.close();
        }
        if (secondIndexer != null) {
            secondIndexer.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void indexersRestartingBehindANonStickyBalancer_everyEnvelopeDelivered_everyShardCheckpointedToItsEnd()
            throws Exception {
        Map<String, String> env = pipeline.env(STREAM, APP);
        env.put("HEC_URLS", balancer.endpoint().toString());
        List<SinkEmulators.Sent> sent = new ArrayList<>(pipeline.put(STREAM, "Findings", 0, 400));
        sink = SinkProcess.start(env, logDir.resolve("indexer-faults.log"));

        // restart both indexers while the first group is being delivered and acks are pending
        eventually(Duration.ofSeconds(90), () -> received().size() >= 100);
        pipeline.receiver.restart();
        secondIndexer.restart();
        assertNoCheckpointPastAnUndeliveredRecord(sent);
        sent.addAll(pipeline.put(STREAM, "Findings", 400, 600));
        eventually(Duration.ofSeconds(60), () -> received().size() >= 450);
        pipeline.receiver.restart();
        secondIndexer.restart();
        assertNoCheckpointPastAnUndeliveredRecord(sent);
        sent.addAll(pipeline.put(STREAM, "Findings", 600, 800));
        eventually(Duration.ofSeconds(60), () -> received().size() >= 650);
        assertNoCheckpointPastAnUndeliveredRecord(sent);

        Set<String> expected = sent.stream().map(SinkEmulators.Sent::eventId).collect(Collectors.toSet());
        eventually(Duration.ofSeconds(120), () -> received().containsAll(expected));
        assertThat(received()).as("every envelope delivered, nothing foreign").isEqualTo(expected);
        assertThat(balancer.forwarded(0)).isPositive();
        assertThat(balancer.forwarded(1)).isPositive();

        // no shard stalled: a graceful stop checkpoints every shard up to its last record
        int exit = sink.terminate(Duration.ofSeconds(60));
        assertThat(exit).isIn(0, 143);
        Map<String, BigInteger> lastPerShard = new HashMap<>();
        sent.forEach(r -> lastPerShard.merge(r.shardId(), new BigInteger(r.sequenceNumber()), BigInteger::max));
        Map<String, String> checkpoints = new LeaseTable(dynamoDb, APP).checkpoints();
        lastPerShard.forEach((shard, last) -> assertThat(new BigInteger(checkpoints.get(shard)))
                .as("checkpoint of " + shard)
                .isGreaterThanOrEqualTo(last));

        List<JsonNode> reuses = sink.logLines("hec_ack_id_reused");
        List<JsonNode> timeouts = sink.logLines("hec_ack_timeout");
        long copies = allReceived().size();
        System.out.printf(
                "indexer faults: %d envelopes, %d stored copies (%d duplicates), %d ackId reuses seen, "
                        + "%d ack timeouts, requests per indexer %d / %d%n",
                expected.size(),
                copies,
                copies - expected.size(),
                reuses.size(),
                timeouts.size(),
                balancer.forwarded(0),
                balancer.forwarded(1));
        assertThat(reuses)
                .as("the balancer without stickiness made ackIds collide")
                .isNotEmpty();
    }

    /** Every record at or below its shard's checkpoint is stored by an indexer (checkpoints read first). */
    private static void assertNoCheckpointPastAnUndeliveredRecord(List<SinkEmulators.Sent> sent) {
        Map<String, String> checkpoints = new LeaseTable(dynamoDb, APP).checkpoints();
        Set<String> delivered = received();
        for (SinkEmulators.Sent record : sent) {
            String checkpoint = checkpoints.get(record.shardId());
            if (checkpoint != null
                    && checkpoint.chars().allMatch(Character::isDigit)
                    && new BigInteger(record.sequenceNumber()).compareTo(new BigInteger(checkpoint)) <= 0) {
                assertThat(delivered)
                        .as("checkpoint " + checkpoint + " covers " + record)
                        .contains(record.eventId());
            }
        }
    }

    /** The distinct eventIds both indexers stored. */
    private static Set<String> received() {
        return new HashSet<>(allReceived());
    }

    private static List<String> allReceived() {
        List<String> ids = new ArrayList<>(pipeline.receivedEventIds());
        ids.addAll(SinkEmulators.changeEventIds(secondIndexer.events()));
        return ids;
    }
}
