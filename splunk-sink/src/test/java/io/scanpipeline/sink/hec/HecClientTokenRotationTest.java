package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.failure;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.HecEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token rotated in the secret store is picked up after HEC refuses the old one, without a restart. */
class HecClientTokenRotationTest {

    private static final String OLD_TOKEN = "00000000-1111-4222-8333-444444444444";

    private HecReceiver receiver;
    private final List<String> logLines = HecTestSupport.lines();

    /** Stands in for Secrets Manager: the secret's value now, and how often it was read. */
    private static final class Secret implements HecTokenSource {
        private final AtomicReference<String> value;
        private final AtomicInteger reads = new AtomicInteger();

        Secret(String initial) {
            this.value = new AtomicReference<>(initial);
        }

        @Override
        public HecToken read() {
            reads.incrementAndGet();
            return HecToken.of("HEC_TOKEN_SECRET_ARN", value.get());
        }
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    private HecClient client(Secret secret, String... overrides) {
        Map<String, String> env = HecTestSupport.env(List.of(receiver.endpoint()), overrides);
        env.remove("HEC_TOKEN");
        env.put("HEC_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:hec-AbCdEf");
        return HecClient.create(HecEnvironment.fromEnv(env), secret, HecTestSupport.log(logLines));
    }

    @Test
    void tokenRotatedInTheSecret_isReadAgainAfterTheAuthFailure_andTheBatchDelivered() throws Exception {
        // Splunk knows only the new token: the old one was rotated away after the sink read it
        receiver = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).build());
        Secret secret = new Secret(OLD_TOKEN);
        try (HecClient client = client(secret)) {
            assertThat(secret.reads.get()).isEqualTo(1);
            secret.value.set(TOKEN);
            HecDelivery delivery = await(client.send(batch(client, 0, 10)));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 10));
            assertThat(secret.reads.get()).isEqualTo(2);
            assertThat(client.metrics().authFailures()).isZero();
            assertThat(logLines).anyMatch(line -> line.contains("hec_token_reloaded"));
            assertThat(String.join("\n", logLines)).doesNotContain(OLD_TOKEN).doesNotContain(TOKEN);
        }
    }

    @Test
    void tokenRotatedWhileAcksPending_pollsGoOnWithTheNewToken() throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(ACK_TOKEN, true)
                .ackDelay(java.time.Duration.ofMillis(200))
                .build());
        Secret secret = new Secret(OLD_TOKEN);
        try (HecClient client = client(secret, "HEC_ACK", "true")) {
            secret.value.set(ACK_TOKEN);
            List<java.util.concurrent.CompletableFuture<HecDelivery>> futures = new ArrayList<>();
            for (int from = 0; from < 50; from += 10) {
                futures.add(client.send(batch(client, from, from + 10)));
            }
            for (var future : futures) {
                assertThat(await(future).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            }
            assertThat(storedIds(receiver)).containsExactlyInAnyOrderElementsOf(range(0, 50));
        }
    }

    @Test
    void secretStillHoldsTheRefusedToken_stopsWithAnAuthError_andKeepsTheData() throws Exception {
        receiver = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).build());
        Secret secret = new Secret(OLD_TOKEN);
        try (HecClient client = client(secret)) {
            Throwable error = failure(client.send(batch(client, 0, 3)));
            assertThat(error).isInstanceOf(HecAuthException.class).hasMessageNotContaining(OLD_TOKEN);
            assertThat(secret.reads.get()).isEqualTo(2);
            assertThat(client.metrics().eventsDeadLettered()).isZero();
            assertThat(client.metrics().authFailures()).isEqualTo(1);
        }
    }
}
