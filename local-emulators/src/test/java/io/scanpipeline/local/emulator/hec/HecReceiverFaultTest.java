package io.scanpipeline.local.emulator.hec;

import static io.scanpipeline.local.emulator.hec.HecReceiverAuthTest.assertAnswer;
import static io.scanpipeline.local.emulator.hec.HecRequests.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HecReceiverFaultTest {

    private HecReceiver receiver;
    private HecRequests hec;

    private void start(HecFaults faults) throws Exception {
        receiver = HecReceiver.start(
                HecReceiverConfig.builder().token(TOKEN, false).faults(faults).build());
        hec = new HecRequests(receiver.endpoint());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void busyFault_is503Code9_andStoresNothing() throws Exception {
        start(HecFaults.none().withBusyRate(1));
        assertAnswer(hec.post("/services/collector/event", TOKEN, "{\"event\":1}"), 503, 9, "Server is busy");
        assertThat(receiver.events()).isEmpty();
    }

    @Test
    void tooManyRequestsFault_is429WithAPlainTextBody() throws Exception {
        start(HecFaults.none().withTooManyRequestsRate(1));
        HttpResponse<String> response = hec.post("/services/collector/event", TOKEN, "{\"event\":1}");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body()).isEqualTo("Too Many Requests");
        assertThat(receiver.countByHttpStatus(429)).isEqualTo(1);
    }

    @Test
    void connectionResetFault_closesTheConnectionWithoutAnAnswer() throws Exception {
        start(HecFaults.none().withConnectionResetRate(1));
        assertThatThrownBy(() -> hec.post("/services/collector/event", TOKEN, "{\"event\":1}"))
                .isInstanceOf(IOException.class);
        assertThat(receiver.connectionResets()).isEqualTo(1);
        assertThat(receiver.events()).isEmpty();
    }

    @Test
    void responseDelay_holdsTheAnswerBack() throws Exception {
        start(HecFaults.none().withResponseDelay(Duration.ofMillis(200)));
        long started = System.nanoTime();
        assertAnswer(hec.post("/services/collector/event", TOKEN, "{\"event\":1}"), 200, 0, "Success");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void faultsChangedAtRuntime_applyToTheNextRequest() throws Exception {
        start(HecFaults.none().withBusyRate(1));
        assertThat(hec.post("/services/collector/event", TOKEN, "{\"event\":1}").statusCode())
                .isEqualTo(503);
        receiver.faults(HecFaults.none());
        assertThat(hec.post("/services/collector/event", TOKEN, "{\"event\":1}").statusCode())
                .isEqualTo(200);
        assertThat(receiver.events()).hasSize(1);
    }

    @Test
    void sameSeed_givesTheSameSequenceOfFaults() throws Exception {
        HecFaults half = HecFaults.none().withBusyRate(0.5).withSeed(7);
        start(half);
        List<Integer> first = statuses(20);
        receiver.faults(half);
        List<Integer> second = statuses(20);
        assertThat(second).isEqualTo(first);
        assertThat(first).contains(200, 503);
    }

    private List<Integer> statuses(int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(hec.post("/services/collector/event", TOKEN, "{\"event\":" + i + "}")
                    .statusCode());
        }
        return statuses;
    }
}
