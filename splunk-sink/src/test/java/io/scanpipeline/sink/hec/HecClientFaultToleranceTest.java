package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.hec.HecFaults;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.HecEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HecClientFaultToleranceTest {

    private final List<String> logLines = HecTestSupport.lines();

    private static HecReceiver receiver(HecFaults faults) throws IOException {
        return HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .faults(faults)
                .build());
    }

    private HecClient client(List<URI> urls, String... overrides) {
        return HecClient.create(
                HecEnvironment.fromEnv(HecTestSupport.env(urls, overrides)), HecTestSupport.log(logLines));
    }

    /** Sends events 0..count-1 in batches of 25 and waits until every batch is delivered. */
    private static void sendAll(HecClient client, int count) throws Exception {
        List<CompletableFuture<HecDelivery>> futures = new ArrayList<>();
        for (int from = 0; from < count; from += 25) {
            futures.add(client.send(batch(client, from, Math.min(count, from + 25))));
        }
        for (CompletableFuture<HecDelivery> future : futures) {
            assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
        }
    }

    @Test
    void busy503And429At30Percent_everyEventIsDelivered() throws Exception {
        HecFaults faults =
                HecFaults.none().withBusyRate(0.3).withTooManyRequestsRate(0.3).withSeed(5);
        try (HecReceiver receiver = receiver(faults);
                HecClient client = client(List.of(receiver.endpoint()))) {
            sendAll(client, 500);
            // busy answers come before anything is stored, so every event is there exactly once
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 500));
            assertThat(receiver.countByHecCode(9)).isPositive();
            assertThat(receiver.countByHttpStatus(429)).isPositive();
            assertThat(client.metrics().retries())
                    .isEqualTo(receiver.countByHecCode(9) + receiver.countByHttpStatus(429));
        }
    }

    @Test
    void busyAndLostAcksTogether_withAcksOn_everyEventIsDelivered() throws Exception {
        HecFaults faults =
                HecFaults.none().withBusyRate(0.3).withLostAckRate(0.2).withSeed(9);
        try (HecReceiver receiver = receiver(faults);
                HecClient client = client(
                        List.of(receiver.endpoint()),
                        "HEC_TOKEN",
                        ACK_TOKEN,
                        "HEC_ACK",
                        "true",
                        "HEC_ACK_TIMEOUT",
                        "300ms")) {
            sendAll(client, 300);
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 300));
        }
    }

    @Test
    void connectionResets_areRetried_andEveryEventIsDelivered() throws Exception {
        HecFaults faults = HecFaults.none().withConnectionResetRate(0.3).withSeed(21);
        try (HecReceiver receiver = receiver(faults);
                HecClient client = client(List.of(receiver.endpoint()))) {
            sendAll(client, 250);
            assertThat(receiver.connectionResets()).isPositive();
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 250));
        }
    }

    @Test
    void twoEndpointsOneDown_everythingIsDeliveredThroughTheOther() throws Exception {
        URI down = URI.create("http://127.0.0.1:" + freePort());
        try (HecReceiver up = receiver(HecFaults.none());
                HecClient client = client(List.of(down, up.endpoint()))) {
            sendAll(client, 500);
            assertThat(storedIds(up)).containsExactlyInAnyOrderElementsOf(range(0, 500));
            assertThat(logLines)
                    .anyMatch(line -> line.contains("hec_endpoint_unhealthy") && line.contains(down.toString()));
        }
    }

    @Test
    void unhealthyEndpoint_isSkipped_untilItsHealthCheckAnswers17() throws Exception {
        try (HecReceiver a = receiver(HecFaults.none());
                HecReceiver b = receiver(HecFaults.none());
                HecClient client = client(List.of(a.endpoint(), b.endpoint()))) {
            a.healthy(false);
            sendAll(client, 200);
            assertThat(a.events()).isEmpty();
            assertThat(storedIds(b)).containsExactlyInAnyOrderElementsOf(range(0, 200));
            HecTestSupport.eventually(() -> a.countByHecCode(18) > 0);

            a.healthy(true);
            HecTestSupport.eventually(() -> logLines.stream().anyMatch(line -> line.contains("hec_endpoint_healthy")));
            for (int from = 200; from < 300; from += 25) {
                await(client.send(batch(client, from, from + 25)));
            }
            assertThat(a.events()).as("back in rotation after 200 code 17").isNotEmpty();
            assertThat(a.countByHecCode(17)).isPositive();
        }
    }

    private static int freePort() throws IOException {
        // a port that was free a moment ago: connecting to it is refused, as to a stopped Splunk
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
