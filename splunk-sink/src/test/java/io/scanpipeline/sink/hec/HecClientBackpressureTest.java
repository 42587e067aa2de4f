package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.hec.HecFaults;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HecClientBackpressureTest {

    private static HecReceiver slowReceiver(Duration delay) throws Exception {
        return HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .faults(HecFaults.none().withResponseDelay(delay))
                .build());
    }

    private static HecClient client(HecReceiver receiver, int bound) {
        return HecClient.create(
                HecTestSupport.config(
                        receiver.endpoint(),
                        "HEC_MAX_IN_FLIGHT_EVENTS",
                        String.valueOf(bound),
                        "HEC_BATCH_MAX_EVENTS",
                        "10"),
                HecTestSupport.log(HecTestSupport.lines()));
    }

    @Test
    void trySend_declinesOnceTheInFlightBoundIsReached_andAcceptsAgainAfterDelivery() throws Exception {
        try (HecReceiver receiver = slowReceiver(Duration.ofMillis(300));
                HecClient client = client(receiver, 10)) {
            Optional<CompletableFuture<HecDelivery>> first = client.trySend(batch(client, 0, 5));
            Optional<CompletableFuture<HecDelivery>> second = client.trySend(batch(client, 5, 10));
            assertThat(first).isPresent();
            assertThat(second).isPresent();
            assertThat(client.metrics().inFlightEvents()).isEqualTo(10);
            assertThat(client.trySend(batch(client, 10, 11))).isEmpty();
            await(first.get());
            await(second.get());
            assertThat(client.metrics().inFlightEvents()).isZero();
            assertThat(client.trySend(batch(client, 10, 11))).isPresent();
        }
    }

    @Test
    void send_blocksWhileTheBoundIsReached_untilADeliveryFreesRoom() throws Exception {
        try (HecReceiver receiver = slowReceiver(Duration.ofMillis(300));
                HecClient client = client(receiver, 10)) {
            CompletableFuture<HecDelivery> first = client.send(batch(client, 0, 10));
            // the receiver stores the first batch only after its 300 ms delay, just before answering: if the second
            // send returned earlier, the receiver would hold nothing yet
            CompletableFuture<Integer> storedWhenSecondAccepted = new CompletableFuture<>();
            Thread sender = new Thread(() -> {
                try {
                    CompletableFuture<HecDelivery> second = client.send(batch(client, 10, 20));
                    storedWhenSecondAccepted.complete(receiver.events().size());
                    await(second);
                } catch (Exception e) {
                    storedWhenSecondAccepted.completeExceptionally(e);
                }
            });
            sender.start();
            assertThat(await(storedWhenSecondAccepted)).isEqualTo(10);
            sender.join(10_000);
            await(first);
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 20));
        }
    }

    @Test
    void underLoad_inFlightEventsNeverExceedTheBound() throws Exception {
        try (HecReceiver receiver = slowReceiver(Duration.ofMillis(15));
                HecClient client = client(receiver, 50)) {
            List<CompletableFuture<HecDelivery>> futures = new ArrayList<>();
            int highest = 0;
            for (int from = 0; from < 400; from += 10) {
                futures.add(client.send(batch(client, from, from + 10)));
                highest = Math.max(highest, client.metrics().inFlightEvents());
            }
            for (CompletableFuture<HecDelivery> future : futures) {
                await(future);
            }
            assertThat(highest).isLessThanOrEqualTo(50).isGreaterThanOrEqualTo(10);
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 400));
        }
    }

    @Test
    void trySend_declinesWhileTheInFlightBytesAreHeld_evenWithEventRoomLeft() throws Exception {
        try (HecReceiver receiver = slowReceiver(Duration.ofMillis(300));
                HecClient client = HecClient.create(
                        HecTestSupport.config(
                                receiver.endpoint(),
                                "HEC_MAX_IN_FLIGHT_EVENTS",
                                "10000",
                                "HEC_BATCH_MAX_BYTES",
                                "2000",
                                "HEC_MAX_IN_FLIGHT_BYTES",
                                "2000"),
                        HecTestSupport.log(HecTestSupport.lines()))) {
            HecBatch first = batch(client, 0, 20);
            assertThat(first.bytes()).isGreaterThan(1000).isLessThanOrEqualTo(2000);
            Optional<CompletableFuture<HecDelivery>> accepted = client.trySend(first);
            assertThat(accepted).isPresent();
            assertThat(client.metrics().inFlightBytes()).isEqualTo((int) first.bytes());
            // 20 events of 10000 allowed are held, but their bytes leave no room for another 20
            assertThat(client.trySend(batch(client, 20, 40))).isEmpty();
            await(accepted.get());
            assertThat(client.metrics().inFlightBytes()).isZero();
            assertThat(client.trySend(batch(client, 20, 40))).isPresent();
        }
    }

    @Test
    void oneEventLargerThanTheByteBound_stillGoes_alone() throws Exception {
        try (HecReceiver receiver = slowReceiver(Duration.ZERO);
                HecClient client = HecClient.create(
                        HecTestSupport.config(
                                receiver.endpoint(), "HEC_BATCH_MAX_BYTES", "100", "HEC_MAX_IN_FLIGHT_BYTES", "100"),
                        HecTestSupport.log(HecTestSupport.lines()))) {
            HecBatch.Builder builder = client.newBatch("huge");
            builder.add(HecEvent.of(io.scanpipeline.core.Json.mapper()
                    .createObjectNode()
                    .put("id", 1)
                    .put("text", "y".repeat(500))));
            HecBatch huge = builder.build();
            assertThat(huge.bytes()).isGreaterThan(100);
            assertThat(await(client.send(huge)).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(client.metrics().inFlightBytes()).isZero();
        }
    }
}
