package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.range;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.Json;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Splunk Cloud differs in: a request size limit (HTTP 413) and HEC acks offered only to Firehose. */
class HecClientSplunkCloudTest {

    private static final int LIMIT = 4_000;

    private HecReceiver receiver;
    private final List<String> logLines = HecTestSupport.lines();

    @BeforeEach
    void start() throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .maxContentLength(LIMIT)
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    private HecClient client(String... overrides) {
        return HecClient.create(HecTestSupport.config(receiver.endpoint(), overrides), HecTestSupport.log(logLines));
    }

    /** Event {@code id} carrying about {@code size} bytes of text. */
    private static HecEvent bigEvent(int id, int size) {
        ObjectNode payload = Json.mapper().createObjectNode().put("id", id).put("text", "x".repeat(size));
        return HecEvent.of(payload);
    }

    @Test
    void requestOverTheServerLimit_http413_isSplitInHalves_andEveryEventDelivered() throws Exception {
        try (HecClient client = client("HEC_GZIP", "false")) {
            HecBatch.Builder builder = client.newBatch("big");
            for (int id = 0; id < 20; id++) {
                assertThat(builder.add(bigEvent(id, 500))).isTrue();
            }
            HecDelivery delivery = await(client.send(builder.build()));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(storedIds(receiver)).containsExactlyElementsOf(range(0, 20));
            assertThat(receiver.countByHttpStatus(413)).isPositive();
            assertThat(client.metrics().tooLargeSplits()).isPositive();
            assertThat(client.metrics().eventsDeadLettered()).isZero();
            assertThat(logLines).anyMatch(line -> line.contains("hec_request_too_large"));
        }
    }

    @Test
    void oneEventOverTheServerLimit_isDeadLettered_andTheOthersDelivered() throws Exception {
        try (HecClient client = client("HEC_GZIP", "false")) {
            HecBatch.Builder builder = client.newBatch("one-too-big");
            builder.add(bigEvent(0, 100));
            builder.add(bigEvent(1, LIMIT * 2));
            builder.add(bigEvent(2, 100));
            HecDelivery delivery = await(client.send(builder.build()));
            assertThat(delivery.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.index()).isEqualTo(1);
                assertThat(dead.httpStatus()).isEqualTo(413);
                assertThat(dead.reason()).contains("413").contains("size limit");
            });
            assertThat(storedIds(receiver)).containsExactlyInAnyOrder(0, 2);
        }
    }

    @Test
    void defaultBatchSize_staysUnderSplunkCloudsOneMegabyteRequestLimit() {
        try (HecClient client = client()) {
            assertThat(client.config().batchMaxBytes()).isLessThan(1_000_000);
        }
    }

    @Test
    void acksConfiguredButTokenHasThemOff_isRefusedAtStart_namingHecAck() {
        try (HecClient client = client("HEC_TOKEN", TOKEN, "HEC_ACK", "true")) {
            assertThatThrownBy(client::verifyAcks)
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("HEC_ACK"))
                    .hasMessageContaining("code 14")
                    .hasMessageContaining("HEC_ACK=false")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void acksConfiguredAndTokenHasThem_passesTheStartCheck() {
        try (HecClient client = client("HEC_TOKEN", ACK_TOKEN, "HEC_ACK", "true")) {
            assertThatCode(client::verifyAcks).doesNotThrowAnyException();
        }
    }

    @Test
    void noAckMode_needsNoCheck_andDeliversOnHttp200Code0() throws Exception {
        try (HecClient client = client("HEC_TOKEN", TOKEN)) {
            assertThatCode(client::verifyAcks).doesNotThrowAnyException();
            HecDelivery delivery = await(client.send(HecTestSupport.batch(client, 0, 5)));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(client.metrics().acksPending()).isZero();
        }
    }
}
