package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HecClientDeliveryTest {

    private HecReceiver receiver;
    private final List<String> logLines = HecTestSupport.lines();

    @BeforeEach
    void start() throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .ackDelay(Duration.ofMillis(400))
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    private HecClient client(String... overrides) {
        return HecClient.create(HecTestSupport.config(receiver.endpoint(), overrides), HecTestSupport.log(logLines));
    }

    @Test
    void withoutAcks_http200Code0_isDelivered() throws Exception {
        try (HecClient client = client()) {
            HecDelivery delivery = await(client.send(batch(client, 0, 10)));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(delivery.deadLetters()).isEmpty();
            assertThat(delivery.requests()).isEqualTo(1);
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 10));
            assertThat(client.metrics().eventsDelivered()).isEqualTo(10);
            assertThat(client.metrics().inFlightEvents()).isZero();
        }
    }

    @Test
    void withAcks_isDeliveredOnlyOnceTheAckIsTrue() throws Exception {
        try (HecClient client = client("HEC_TOKEN", ACK_TOKEN, "HEC_ACK", "true")) {
            CompletableFuture<HecDelivery> future = client.send(batch(client, 0, 10));
            // the receiver has the events but holds the ack false for 400 ms: nothing may be confirmed before
            HecTestSupport.eventually(() -> client.metrics().acksPending() == 1);
            assertThat(receiver.events()).hasSize(10);
            assertThat(future).isNotDone();
            assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 10));
            assertThat(receiver.receipts())
                    .allSatisfy(
                            r -> assertThat(r.get("ackId").isIntegralNumber()).isTrue());
            assertThat(receiver.pendingAcks()).isZero();
            assertThat(client.metrics().acksPending()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false"})
    void gzipOnOrOff_deliversTheSameEvents(String gzip) throws Exception {
        try (HecClient client = client("HEC_GZIP", gzip)) {
            await(client.send(batch(client, 0, 20)));
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 20));
            assertThat(receiver.receipts())
                    .allSatisfy(r -> assertThat(r.get("gzip").asBoolean()).isEqualTo(Boolean.parseBoolean(gzip)));
        }
    }

    @Test
    void configuredMetadata_isAppliedToEventsWithoutTheirOwn() throws Exception {
        try (HecClient client = client("HEC_SOURCETYPE", "scan:test", "HEC_SOURCE", "unit", "HEC_HOST", "h1")) {
            await(client.send(batch(client, 0, 1)));
            JsonNode stored = receiver.events().get(0);
            assertThat(stored.get("sourcetype").asText()).isEqualTo("scan:test");
            assertThat(stored.get("source").asText()).isEqualTo("unit");
            assertThat(stored.get("host").asText()).isEqualTo("h1");
        }
    }

    @Test
    void rawEndpoint_deliversOneLinePerEventOnAChannel_withAcks() throws Exception {
        try (HecClient client =
                client("HEC_ENDPOINT", "raw", "HEC_TOKEN", ACK_TOKEN, "HEC_ACK", "true", "HEC_INDEX", "main")) {
            await(client.send(batch(client, 0, 5)));
            assertThat(receiver.events())
                    .extracting(e -> e.get("event").asText())
                    .containsExactly(
                            "{\"id\":0,\"rule\":\"CVE-2024-0\"}",
                            "{\"id\":1,\"rule\":\"CVE-2024-1\"}",
                            "{\"id\":2,\"rule\":\"CVE-2024-2\"}",
                            "{\"id\":3,\"rule\":\"CVE-2024-3\"}",
                            "{\"id\":4,\"rule\":\"CVE-2024-4\"}");
            assertThat(receiver.events()).allSatisfy(e -> {
                assertThat(e.get("index").asText()).isEqualTo("main");
                assertThat(e.get("sourcetype").asText()).isEqualTo("scan:finding");
            });
            assertThat(receiver.receipts().get(0).get("path").asText()).isEqualTo("/services/collector/raw");
        }
    }

    @Test
    void manyConcurrentBatches_useEveryChannel_andAllArrive() throws Exception {
        try (HecClient client = client("HEC_TOKEN", ACK_TOKEN, "HEC_ACK", "true", "HEC_CHANNELS", "3")) {
            List<CompletableFuture<HecDelivery>> futures = new ArrayList<>();
            for (int from = 0; from < 1000; from += 50) {
                futures.add(client.send(batch(client, from, from + 50)));
            }
            for (CompletableFuture<HecDelivery> future : futures) {
                assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            }
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 1000));
            assertThat(receiver.receipts().stream()
                            .map(r -> r.get("channel").asText())
                            .distinct())
                    .hasSize(3);
            assertThat(client.metrics().progressLine()).contains("delivered=1000");
        }
    }
}
