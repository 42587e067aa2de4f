package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.failure;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.hec.HecFaults;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HecClientAckTest {

    private HecReceiver receiver;
    private final List<String> logLines = HecTestSupport.lines();

    private HecClient start(HecFaults faults, String... overrides) throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .faults(faults)
                .build());
        List<String> settings =
                new ArrayList<>(List.of("HEC_TOKEN", ACK_TOKEN, "HEC_ACK", "true", "HEC_ACK_TIMEOUT", "300ms"));
        settings.addAll(List.of(overrides));
        return HecClient.create(
                HecTestSupport.config(receiver.endpoint(), settings.toArray(String[]::new)),
                HecTestSupport.log(logLines));
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void ackNeverTrue_isResentAfterTheTimeout_andStoredExactlyOnce() throws Exception {
        try (HecClient client = start(HecFaults.none().withLostAckRate(1))) {
            CompletableFuture<HecDelivery> future = client.send(batch(client, 0, 10));
            HecTestSupport.eventually(() -> receiver.lostRequests() == 1);
            // from now on acks work again: the resend after the ack timeout must get through
            receiver.faults(HecFaults.none());
            HecDelivery delivery = await(future);
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 10));
            // normally one timeout and one resend; a slow test thread may let a second resend be lost too
            assertThat(client.metrics().ackTimeouts()).isPositive().isEqualTo(receiver.lostRequests());
            assertThat((long) delivery.requests()).isEqualTo(receiver.lostRequests() + 1);
            assertThat(logLines).anyMatch(line -> line.contains("hec_ack_timeout"));
        }
    }

    @Test
    void someAcksLost_everyEventIsStoredExactlyOnce() throws Exception {
        try (HecClient client = start(HecFaults.none().withLostAckRate(0.3).withSeed(11))) {
            List<CompletableFuture<HecDelivery>> futures = new ArrayList<>();
            for (int from = 0; from < 400; from += 20) {
                futures.add(client.send(batch(client, from, from + 20)));
            }
            for (CompletableFuture<HecDelivery> future : futures) {
                assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            }
            // lost requests stored nothing, so the resends leave no duplicates
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 400));
            assertThat(receiver.lostRequests()).isPositive();
            assertThat(client.metrics().ackTimeouts()).isEqualTo(receiver.lostRequests());
        }
    }

    @Test
    void ackServiceUnavailable503Code19_isPolledAgainUntilTrue() throws Exception {
        try (HecClient client =
                start(HecFaults.none().withAckUnavailableRate(0.6).withSeed(3), "HEC_ACK_TIMEOUT", "5s")) {
            List<CompletableFuture<HecDelivery>> futures = new ArrayList<>();
            for (int from = 0; from < 100; from += 10) {
                futures.add(client.send(batch(client, from, from + 10)));
            }
            for (CompletableFuture<HecDelivery> future : futures) {
                assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            }
            assertThat(receiver.countByHecCode(19)).isPositive();
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 100));
            assertThat(client.metrics().ackTimeouts()).isZero();
        }
    }

    @Test
    void acksExpectedButTokenHasNone_isAConfigurationError_notADelivery() throws Exception {
        try (HecClient client = start(HecFaults.none(), "HEC_TOKEN", TOKEN)) {
            Throwable error = failure(client.send(batch(client, 0, 3)));
            assertThat(error).isInstanceOf(HecConfigurationException.class).hasMessageContaining("ackId");
            assertThat(client.metrics().eventsDelivered()).isZero();
        }
    }

    @Test
    void timeoutsBeyondTheRetryDuration_failTheBatch_withoutDeadLetters() throws Exception {
        try (HecClient client =
                start(HecFaults.none().withLostAckRate(1), "HEC_ACK_TIMEOUT", "100ms", "HEC_RETRY_DURATION", "250ms")) {
            Throwable error = failure(client.send(batch(client, 0, 3)));
            assertThat(error).isInstanceOf(HecRetryExhaustedException.class);
            assertThat(client.metrics().eventsDeadLettered()).isZero();
            assertThat(client.metrics().eventsDelivered()).isZero();
            assertThat(client.metrics().inFlightEvents()).isZero();
        }
    }
}
