package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.local.emulator.hec.HecBalancer;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AckIds are per channel and per indexer: an indexer restart counts from 0 again, and indexers behind a balancer
 * hand out the same numbers. Every batch must still end delivered (never stall, never be confirmed by another
 * request's ack).
 */
class HecClientAckReuseTest {

    private final List<HecReceiver> indexers = new ArrayList<>();
    private HecBalancer balancer;
    private final List<String> logLines = HecTestSupport.lines();

    private HecReceiver indexer(Duration ackDelay) throws Exception {
        HecReceiver receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(ACK_TOKEN, true)
                .ackDelay(ackDelay)
                .build());
        indexers.add(receiver);
        return receiver;
    }

    private HecClient client(URI url, String... overrides) {
        List<String> settings = new ArrayList<>(List.of(
                "HEC_TOKEN",
                ACK_TOKEN,
                "HEC_ACK",
                "true",
                "HEC_ACK_TIMEOUT",
                "1s",
                "HEC_CHANNELS",
                "1",
                "HEC_BATCH_MAX_EVENTS",
                "10"));
        settings.addAll(List.of(overrides));
        return HecClient.create(
                HecTestSupport.config(url, settings.toArray(String[]::new)), HecTestSupport.log(logLines));
    }

    @AfterEach
    void stop() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        for (HecReceiver receiver : indexers) {
            receiver.close();
        }
    }

    private static List<CompletableFuture<HecDelivery>> sendAll(HecClient client, int from, int to)
            throws InterruptedException {
        List<CompletableFuture<HecDelivery>> futures = new ArrayList<>();
        for (int start = from; start < to; start += 10) {
            futures.add(client.send(batch(client, start, start + 10)));
        }
        return futures;
    }

    private static void assertAllDelivered(List<CompletableFuture<HecDelivery>> futures) throws Exception {
        for (CompletableFuture<HecDelivery> future : futures) {
            assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
        }
    }

    /** The event ids stored by all indexers together (duplicates from resends removed). */
    private Set<Integer> storedAnywhere() {
        Set<Integer> ids = new HashSet<>();
        for (HecReceiver receiver : indexers) {
            receiver.events().stream()
                    .map(e -> e.at("/event/id"))
                    .filter(JsonNode::isInt)
                    .forEach(id -> ids.add(id.asInt()));
        }
        return ids;
    }

    @Test
    void indexerRestartsWhileAcksPending_ackIdsFromZeroAgain_everyBatchStillDelivered() throws Exception {
        HecReceiver indexer = indexer(Duration.ofMillis(400));
        try (HecClient client = client(indexer.endpoint())) {
            List<CompletableFuture<HecDelivery>> before = sendAll(client, 0, 50);
            HecTestSupport.eventually(() -> indexer.pendingAcks() == 5);
            indexer.restart();
            // new requests on the same channel get ackIds 0, 1, ... again, the numbers the first batches wait on
            List<CompletableFuture<HecDelivery>> after = sendAll(client, 50, 100);
            assertAllDelivered(before);
            assertAllDelivered(after);
            assertThat(storedAnywhere()).containsExactlyInAnyOrderElementsOf(range(0, 100));
            assertThat(client.metrics().ackIdReuses()).isPositive();
            assertThat(client.metrics().acksPending()).isZero();
            assertThat(logLines).anyMatch(line -> line.contains("hec_ack_id_reused"));
        }
    }

    @Test
    void twoIndexersBehindANonStickyBalancer_sameAckIdsOnOneChannel_everyBatchDelivered() throws Exception {
        HecReceiver first = indexer(Duration.ofMillis(100));
        HecReceiver second = indexer(Duration.ofMillis(100));
        balancer = HecBalancer.start(List.of(first.endpoint(), second.endpoint()), false);
        try (HecClient client = client(balancer.endpoint())) {
            List<CompletableFuture<HecDelivery>> futures = sendAll(client, 0, 200);
            assertAllDelivered(futures);
            assertThat(storedAnywhere()).containsExactlyInAnyOrderElementsOf(range(0, 200));
            assertThat(balancer.forwarded(0)).isPositive();
            assertThat(balancer.forwarded(1)).isPositive();
            assertThat(client.metrics().acksPending()).isZero();
        }
    }

    @Test
    void stickyBalancer_keepsEachChannelOnOneIndexerByCookie_noAckIdIsEverReused() throws Exception {
        HecReceiver first = indexer(Duration.ofMillis(100));
        HecReceiver second = indexer(Duration.ofMillis(100));
        balancer = HecBalancer.start(List.of(first.endpoint(), second.endpoint()), true);
        try (HecClient client = client(balancer.endpoint(), "HEC_CHANNELS", "2")) {
            // one batch first, so that each channel has its cookie before requests overlap
            await(client.send(batch(client, 0, 10)));
            await(client.send(batch(client, 10, 20)));
            List<CompletableFuture<HecDelivery>> futures = sendAll(client, 20, 200);
            assertAllDelivered(futures);
            assertThat(storedAnywhere()).containsExactlyInAnyOrderElementsOf(range(0, 200));
            assertThat(client.metrics().ackIdReuses()).isZero();
            assertThat(client.metrics().ackTimeouts()).isZero();
            // every event stored exactly once: no resend was needed
            assertThat(first.events().size() + second.events().size()).isEqualTo(200);
        }
    }
}
