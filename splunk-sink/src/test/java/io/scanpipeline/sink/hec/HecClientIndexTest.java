package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.event;
import static io.scanpipeline.sink.hec.HecTestSupport.failure;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HEC code 7 (incorrect index): a wrong HEC_INDEX is a configuration error, a wrong routed index one bad event. */
class HecClientIndexTest {

    private HecReceiver receiver;
    private final List<String> logLines = HecTestSupport.lines();

    @BeforeEach
    void start() throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .allowedIndexes(Set.of("main", "security"))
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
    void misspelledHecIndex_failsTheBatchAsAnIndexError_deadLettersNothing_andKeepsEveryEvent() throws Exception {
        try (HecClient client = client("HEC_INDEX", "secuirty")) {
            Throwable error = failure(client.send(batch(client, 0, 10)));
            assertThat(error)
                    .isInstanceOf(HecIndexException.class)
                    .hasMessageContaining("HEC_INDEX 'secuirty'")
                    .hasMessageContaining("code 7");
            assertThat(client.metrics().eventsDeadLettered()).isZero();
            assertThat(client.metrics().eventsDelivered()).isZero();
            assertThat(client.metrics().indexErrors()).isEqualTo(1);
            assertThat(logLines)
                    .anyMatch(line -> line.contains("hec_batch_failed") && line.contains("HecIndexException"));
            assertThat(receiver.events()).isEmpty();
        }
    }

    @Test
    void misspelledHecIndex_onTheRawEndpoint_isAnIndexErrorToo() throws Exception {
        try (HecClient client = client("HEC_INDEX", "secuirty", "HEC_ENDPOINT", "raw")) {
            Throwable error = failure(client.send(batch(client, 0, 3)));
            assertThat(error).isInstanceOf(HecIndexException.class);
            assertThat(client.metrics().eventsDeadLettered()).isZero();
        }
    }

    @Test
    void refusedPerEventIndex_isStillOneDeadLetter_andTheOthersAreDelivered() throws Exception {
        try (HecClient client = client("HEC_INDEX", "security")) {
            HecBatch.Builder builder = client.newBatch("routed");
            for (int id = 0; id < 5; id++) {
                builder.add(
                        id == 2
                                ? HecEvent.builder(event(2).eventTree())
                                        .index("no-such-index")
                                        .build()
                                : event(id));
            }
            HecDelivery delivery = await(client.send(builder.build()));
            assertThat(delivery.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.index()).isEqualTo(2);
                assertThat(dead.code()).isEqualTo(7);
            });
            assertThat(storedIds(receiver)).containsExactly(0, 1, 3, 4);
            assertThat(client.metrics().indexErrors()).isZero();
        }
    }
}
