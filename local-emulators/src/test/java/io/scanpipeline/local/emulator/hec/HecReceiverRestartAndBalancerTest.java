package io.scanpipeline.local.emulator.hec;

import static io.scanpipeline.local.emulator.hec.HecRequests.ACK_TOKEN;
import static io.scanpipeline.local.emulator.hec.HecRequests.CHANNEL;
import static io.scanpipeline.local.emulator.hec.HecRequests.TOKEN;
import static io.scanpipeline.local.emulator.hec.HecRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An indexer restart, a request size limit, and several indexers behind a balancer. */
class HecReceiverRestartAndBalancerTest {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HecReceiver first;
    private HecReceiver second;
    private HecBalancer balancer;

    @AfterEach
    void stop() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void restart_startsAckIdsAgainFromZero_andForgetsTheOldOnes() throws Exception {
        first = HecReceiver.start(HecReceiverConfig.builder()
                .token(ACK_TOKEN, true)
                .ackDelay(java.time.Duration.ofHours(1))
                .build());
        HecRequests hec = new HecRequests(first.endpoint());
        hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}");
        assertThat(json(hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":2}"))
                        .get("ackId")
                        .asLong())
                .isEqualTo(1);
        first.restart();
        assertThat(first.pendingAcks()).isZero();
        assertThat(json(hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":3}"))
                        .get("ackId")
                        .asLong())
                .isZero();
        assertThat(first.events()).hasSize(3);
    }

    @Test
    void bodyOverTheContentLimit_is413_andStoresNothing() throws Exception {
        first = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .maxContentLength(50)
                .build());
        HecRequests hec = new HecRequests(first.endpoint());
        HttpResponse<String> small = hec.post("/services/collector/event", TOKEN, "{\"event\":1}");
        HttpResponse<String> big =
                hec.post("/services/collector/event", TOKEN, "{\"event\":\"" + "x".repeat(60) + "\"}");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(first.events()).hasSize(1);
        assertThat(first.countByHttpStatus(413)).isEqualTo(1);
    }

    private static HttpResponse<String> post(URI base, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/services/collector/event"))
                .header("Authorization", "Splunk " + TOKEN)
                .header("X-Splunk-Request-Channel", CHANNEL)
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":1}"));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nonStickyBalancer_sendsEachRequestToTheNextIndexer_whateverTheCookie() throws Exception {
        first = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).build());
        second = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).build());
        balancer = HecBalancer.start(List.of(first.endpoint(), second.endpoint()), false);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = post(balancer.endpoint(), HecBalancer.COOKIE + "=0");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(first.events()).hasSize(2);
        assertThat(second.events()).hasSize(2);
    }

    @Test
    void stickyBalancer_setsACookie_andSendsItsHolderToTheSameIndexer() throws Exception {
        first = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).build());
        second = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).build());
        balancer = HecBalancer.start(List.of(first.endpoint(), second.endpoint()), true);
        HttpResponse<String> firstAnswer = post(balancer.endpoint(), null);
        String cookie =
                firstAnswer.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(cookie).startsWith(HecBalancer.COOKIE + "=");
        for (int i = 0; i < 4; i++) {
            assertThat(post(balancer.endpoint(), cookie).statusCode()).isEqualTo(200);
        }
        assertThat(List.of(first.events().size(), second.events().size())).containsExactlyInAnyOrder(5, 0);
        assertThat(balancer.forwarded(0) + balancer.forwarded(1)).isEqualTo(5);
    }

    @TempDir
    Path dir;

    @Test
    void twoIndexersWritingOneEventsFile_eachLineArrivesWhole() throws Exception {
        Path file = dir.resolve("events.ndjson");
        first = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).outputFile(file).build());
        second = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).outputFile(file).build());
        // requests far larger than a BufferedWriter's 8 KB buffer, sent to both at once
        String body = ("{\"event\":\"" + "y".repeat(30_000) + "\"}\n").repeat(3);
        List<Thread> senders = List.of(first, second).stream()
                .map(receiver -> new Thread(() -> {
                    HecRequests hec = new HecRequests(receiver.endpoint());
                    for (int i = 0; i < 40; i++) {
                        try {
                            assertThat(hec.post("/services/collector/event", TOKEN, body)
                                            .statusCode())
                                    .isEqualTo(200);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }))
                .toList();
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2 * 40 * 3);
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            assertThat(mapper.readTree(line).path("hec").path("event").asText()).hasSize(30_000);
        }
    }
}
