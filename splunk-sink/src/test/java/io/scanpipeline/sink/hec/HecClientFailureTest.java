package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.local.emulator.hec.HecFaults;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.hec.ScriptedHec.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HecClientFailureTest {

    private final List<String> logLines = HecTestSupport.lines();

    private HecClient client(URI url, String... overrides) {
        return HecClient.create(HecTestSupport.config(url, overrides), HecTestSupport.log(logLines));
    }

    @Test
    void unknownToken403Code4_isAnAuthFailure_nothingConfirmedNothingDeadLettered() throws Exception {
        try (HecReceiver receiver = HecReceiver.start(
                        HecReceiverConfig.builder().token("other", false).build());
                HecClient client = client(receiver.endpoint())) {
            Throwable error = failure(client.send(batch(client, 0, 5)));
            assertThat(error).isInstanceOfSatisfying(HecAuthException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(403);
                assertThat(e.code()).isEqualTo(4);
            });
            assertThat(receiver.events()).isEmpty();
            assertThat(client.metrics().authFailures()).isEqualTo(1);
            assertThat(client.metrics().eventsDelivered()).isZero();
            assertThat(client.metrics().eventsDeadLettered()).isZero();
            assertTokenNowhere(error);
        }
    }

    @Test
    void disabledToken403Code1_isAnAuthFailure() throws Exception {
        try (HecReceiver receiver = HecReceiver.start(
                        HecReceiverConfig.builder().disabledToken(TOKEN).build());
                HecClient client = client(receiver.endpoint())) {
            Throwable error = failure(client.send(batch(client, 0, 5)));
            assertThat(error).isInstanceOf(HecAuthException.class);
            assertThat(((HecException) error).code()).isEqualTo(1);
            assertTokenNowhere(error);
        }
    }

    @Test
    void unauthorized401_isAnAuthFailure() throws Exception {
        try (ScriptedHec hec = ScriptedHec.start(Answer.code(401, 3, "Invalid authorization"));
                HecClient client = client(hec.endpoint())) {
            Throwable error = failure(client.send(batch(client, 0, 5)));
            assertThat(error).isInstanceOf(HecAuthException.class);
            assertThat(((HecException) error).httpStatus()).isEqualTo(401);
            assertThat(client.metrics().eventsDelivered()).isZero();
            assertTokenNowhere(error);
        }
    }

    @ParameterizedTest(name = "code {0}")
    @CsvSource({
        "5, No data",
        "10, Data channel is missing",
        "11, Invalid data channel",
        "14, ACK is disabled",
        "16, Query string authorization is not enabled"
    })
    void clientOrConfigurationCodes_areSurfaced_notSwallowed(int code, String text) throws Exception {
        try (ScriptedHec hec = ScriptedHec.start(Answer.code(400, code, text));
                HecClient client = client(hec.endpoint())) {
            Throwable error = failure(client.send(batch(client, 0, 5)));
            assertThat(error).isInstanceOf(HecConfigurationException.class).hasMessageContaining("code " + code);
            assertThat(client.metrics().eventsDelivered()).isZero();
            assertThat(client.metrics().eventsDeadLettered()).isZero();
        }
    }

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "200|{\"text\":\"Odd\",\"code\":99}",
                "400|{\"text\":\"Odd\",\"code\":99}",
                "404|{\"text\":\"The requested URL was not found on this server.\",\"code\":404}",
                "200|<html>proxy login</html>",
                "204|''"
            })
    void unknownAnswers_areNeverSuccess(int status, String body) throws Exception {
        try (ScriptedHec hec = ScriptedHec.start(new Answer(status, body));
                HecClient client = client(hec.endpoint())) {
            Throwable error = failure(client.send(batch(client, 0, 5)));
            assertThat(error).isInstanceOf(HecUnexpectedResponseException.class);
            assertThat(client.metrics().eventsDelivered()).isZero();
        }
    }

    @Test
    void serverErrors500Code8And503Code23_areRetried_thenDelivered() throws Exception {
        try (ScriptedHec hec = ScriptedHec.start(
                        ScriptedHec.SUCCESS,
                        Answer.code(500, 8, "Internal server error"),
                        Answer.code(503, 23, "Server is shutting down"),
                        new Answer(502, "Bad Gateway"));
                HecClient client = client(hec.endpoint())) {
            HecDelivery delivery = await(client.send(batch(client, 0, 5)));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(delivery.requests()).isEqualTo(4);
            assertThat(hec.bodies())
                    .hasSize(4)
                    .allMatch(body -> body.equals(hec.bodies().get(0)));
            assertThat(client.metrics().retries()).isEqualTo(3);
        }
    }

    @Test
    void rejectionWithoutEventNumber_sendsEachEventAlone_toFindTheBadOne() throws Exception {
        Answer bad = Answer.code(400, 6, "Invalid data format");
        try (ScriptedHec hec = ScriptedHec.start(ScriptedHec.SUCCESS, bad, ScriptedHec.SUCCESS, bad);
                HecClient client = client(hec.endpoint(), "HEC_GZIP", "false")) {
            HecDelivery delivery = await(client.send(batch(client, 0, 3)));
            assertThat(delivery.deadLetters()).extracting(HecDeadLetter::index).containsExactly(1);
            assertThat(hec.bodies()).hasSize(4);
            assertThat(hec.bodies().get(1)).contains("\"id\":0").doesNotContain("\"id\":1");
            assertThat(hec.bodies().get(2)).contains("\"id\":1");
        }
    }

    @Test
    void retryDurationExceeded_failsTheBatch_keepingItsData() throws Exception {
        try (HecReceiver receiver = HecReceiver.start(HecReceiverConfig.builder()
                        .token(TOKEN, false)
                        .faults(HecFaults.none().withBusyRate(1))
                        .build());
                HecClient client = client(receiver.endpoint(), "HEC_RETRY_DURATION", "200ms")) {
            Throwable error = failure(client.send(batch(client, 0, 5)));
            assertThat(error).isInstanceOf(HecRetryExhaustedException.class).hasMessageContaining("code 9");
            assertThat(client.metrics().eventsDeadLettered()).isZero();
            assertThat(client.metrics().retries()).isPositive();
        }
    }

    @Test
    void closingTheClient_failsUnresolvedBatches_withoutConfirmingThem() throws Exception {
        try (HecReceiver receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .faults(HecFaults.none().withResponseDelay(Duration.ofMillis(500)))
                .build())) {
            HecClient client = client(receiver.endpoint());
            CompletableFuture<HecDelivery> future = client.send(batch(client, 0, 5));
            client.close();
            assertThat(failure(future)).isInstanceOf(HecClosedException.class);
            assertThat(failure(client.send(batch(client, 5, 6)))).isInstanceOf(HecClosedException.class);
        }
    }

    @Test
    void emptyOrOversizedBatches_areRefusedBeforeSending() throws Exception {
        try (ScriptedHec hec = ScriptedHec.start(ScriptedHec.SUCCESS);
                HecClient client = client(hec.endpoint(), "HEC_MAX_IN_FLIGHT_EVENTS", "600")) {
            assertThatThrownBy(() -> client.send(client.newBatch("empty").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            HecConfig big = HecTestSupport.config(
                    hec.endpoint(), "HEC_BATCH_MAX_EVENTS", "700", "HEC_MAX_IN_FLIGHT_EVENTS", "700");
            HecBatch.Builder builder = HecBatch.builder("big", big);
            for (int i = 0; i < 700; i++) {
                builder.add(HecTestSupport.event(i));
            }
            assertThatThrownBy(() -> client.send(builder.build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("HEC_MAX_IN_FLIGHT_EVENTS");
            assertThat(hec.bodies()).isEmpty();
        }
    }

    private void assertTokenNowhere(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
            assertThat(t.toString()).doesNotContain(TOKEN);
        }
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }
}
