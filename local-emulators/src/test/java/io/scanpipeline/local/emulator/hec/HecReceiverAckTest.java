package io.scanpipeline.local.emulator.hec;

import static io.scanpipeline.local.emulator.hec.HecReceiverAuthTest.assertAnswer;
import static io.scanpipeline.local.emulator.hec.HecRequests.ACK_TOKEN;
import static io.scanpipeline.local.emulator.hec.HecRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HecReceiverAckTest {

    private HecReceiver receiver;
    private HecRequests hec;

    private void start(HecReceiverConfig.Builder config) throws Exception {
        receiver = HecReceiver.start(config.token(ACK_TOKEN, true).build());
        hec = new HecRequests(receiver.endpoint());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void ackToken_getsAckIdsCountingFromZeroPerChannel() throws Exception {
        start(HecReceiverConfig.builder());
        HttpResponse<String> first = hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}");
        HttpResponse<String> second = hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":2}");
        assertAnswer(first, 200, 0, "Success");
        assertThat(json(first).get("ackId").asLong()).isZero();
        assertThat(json(second).get("ackId").asLong()).isEqualTo(1);
        assertThat(receiver.receipts()).extracting(r -> r.get("ackId").asLong()).containsExactly(0L, 1L);
    }

    @Test
    void ackToken_withoutChannel_is400Code10() throws Exception {
        start(HecReceiverConfig.builder());
        assertAnswer(
                hec.post("/services/collector/event", ACK_TOKEN, "{\"event\":1}"), 400, 10, "Data channel is missing");
        assertThat(receiver.events()).isEmpty();
    }

    @Test
    void ackPoll_isTrueOnceIndexed_thenForgotten() throws Exception {
        start(HecReceiverConfig.builder());
        hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}");
        HttpResponse<String> poll = hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0,7]}");
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(json(poll).get("acks").get("0").asBoolean()).isTrue();
        assertThat(json(poll).get("acks").get("7").asBoolean()).isFalse();
        HttpResponse<String> again = hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0]}");
        assertThat(json(again).get("acks").get("0").asBoolean()).isFalse();
    }

    @Test
    void ackPoll_staysFalseUntilTheConfiguredDelayHasPassed() throws Exception {
        start(HecReceiverConfig.builder().ackDelay(Duration.ofMillis(600)));
        hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}");
        HttpResponse<String> early = hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0]}");
        assertThat(json(early).get("acks").get("0").asBoolean()).isFalse();
        Thread.sleep(650);
        HttpResponse<String> late = hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0]}");
        assertThat(json(late).get("acks").get("0").asBoolean()).isTrue();
    }

    @Test
    void ackPollWithoutChannel_is400Code10_andWithBadChannelCode11() throws Exception {
        start(HecReceiverConfig.builder());
        assertAnswer(
                hec.post("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0]}"), 400, 10, "Data channel is missing");
        assertAnswer(
                hec.post("/services/collector/ack?channel=abc", ACK_TOKEN, "{\"acks\":[0]}"),
                400,
                11,
                "Invalid data channel");
    }

    @Test
    void ackPollWithChannelInQueryString_isAnswered() throws Exception {
        start(HecReceiverConfig.builder());
        hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}");
        HttpResponse<String> poll =
                hec.post("/services/collector/ack?channel=" + HecRequests.CHANNEL, ACK_TOKEN, "{\"acks\":[0]}");
        assertThat(json(poll).get("acks").get("0").asBoolean()).isTrue();
    }

    @Test
    void lostAck_neverBecomesTrue_andItsEventsAreNotStored() throws Exception {
        start(HecReceiverConfig.builder().faults(HecFaults.none().withLostAckRate(1)));
        HttpResponse<String> sent = hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}");
        assertAnswer(sent, 200, 0, "Success");
        HttpResponse<String> poll = hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0]}");
        assertThat(json(poll).get("acks").get("0").asBoolean()).isFalse();
        assertThat(receiver.events()).isEmpty();
        assertThat(receiver.lostRequests()).isEqualTo(1);
        assertThat(receiver.pendingAcks()).isEqualTo(1);
    }

    @Test
    void ackUnavailableFault_is503Code19() throws Exception {
        start(HecReceiverConfig.builder().faults(HecFaults.none().withAckUnavailableRate(1)));
        assertAnswer(
                hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":[0]}"),
                503,
                19,
                "HEC is unhealthy, ack service unavailable");
    }

    @Test
    void malformedAckBody_is400Code6() throws Exception {
        start(HecReceiverConfig.builder());
        assertAnswer(
                hec.postOnChannel("/services/collector/ack", ACK_TOKEN, "{\"acks\":\"0\"}"),
                400,
                6,
                "Invalid data format");
    }

    @Test
    void health_is200Code17_andUnhealthyIs503Code18WithData503Code9() throws Exception {
        start(HecReceiverConfig.builder());
        assertAnswer(hec.get("/services/collector/health"), 200, 17, "HEC is healthy");
        receiver.healthy(false);
        assertAnswer(hec.get("/services/collector/health/1.0"), 503, 18, "HEC is unhealthy, queues are full");
        assertAnswer(
                hec.postOnChannel("/services/collector/event", ACK_TOKEN, "{\"event\":1}"), 503, 9, "Server is busy");
        assertThat(receiver.countByHecCode(18)).isEqualTo(1);
        assertThat(receiver.countByHttpStatus(503)).isEqualTo(2);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        start(HecReceiverConfig.builder());
        HttpResponse<String> response =
                hec.send(hec.request("/services/collector/health").method("GET", HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(200);
    }
}
