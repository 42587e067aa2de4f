package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.ACK_TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.event;
import static io.scanpipeline.sink.hec.HecTestSupport.storedIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HecClientRejectionTest {

    private HecReceiver receiver;
    private final List<String> logLines = HecTestSupport.lines();

    @BeforeEach
    void start() throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .allowedIndexes(Set.of("main"))
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    private HecClient client(String... overrides) {
        return HecClient.create(HecTestSupport.config(receiver.endpoint(), overrides), HecTestSupport.log(logLines));
    }

    /** Events 0..9 with {@code bad} at position {@code at} (it has no id of its own). */
    private static HecBatch batchWith(HecClient client, int at, HecEvent bad) {
        HecBatch.Builder builder = client.newBatch("mixed");
        for (int id = 0; id < 10; id++) {
            builder.add(id == at ? bad : event(id));
        }
        return builder.build();
    }

    private List<Integer> othersThan(int at) {
        List<Integer> ids = new ArrayList<>(HecTestSupport.range(0, 10));
        ids.remove(Integer.valueOf(at));
        return ids;
    }

    @Test
    void invalidDataFormatInTheMiddle_deadLettersThatEvent_andDeliversAllOthers() throws Exception {
        try (HecClient client = client()) {
            HecBatch.Builder builder = client.newBatch("code6");
            for (int id = 0; id < 10; id++) {
                if (id == 4) {
                    // bytes our encoder never writes: a truncated object, as a broken upstream could produce
                    builder.addEncoded(event(4), "{\"event\":{\"id\":4".getBytes(StandardCharsets.UTF_8));
                } else {
                    builder.add(event(id));
                }
            }
            HecDelivery delivery = await(client.send(builder.build()));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.PARTIALLY_DEAD_LETTERED);
            assertThat(delivery.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.index()).isEqualTo(4);
                assertThat(dead.code()).isEqualTo(6);
                assertThat(dead.httpStatus()).isEqualTo(400);
                assertThat(dead.reason()).contains("code 6").contains("Invalid data format");
            });
            assertThat(storedIds(receiver)).containsExactlyElementsOf(othersThan(4));
            assertThat(client.metrics().eventsDeadLettered()).isEqualTo(1);
            assertThat(logLines).anyMatch(line -> line.contains("hec_dead_letter"));
        }
    }

    @Test
    void eventWithoutEventField_code12_isDeadLettered() throws Exception {
        assertOnlyTheBadEventIsDeadLettered(3, HecEvent.of(null), 12, "Event field is required");
    }

    @Test
    void nullEventField_code12_isDeadLettered() throws Exception {
        assertOnlyTheBadEventIsDeadLettered(0, HecEvent.of(NullNode.getInstance()), 12, "Event field is required");
    }

    @Test
    void blankEvent_code13_isDeadLettered() throws Exception {
        assertOnlyTheBadEventIsDeadLettered(9, HecEvent.of(TextNode.valueOf("  ")), 13, "Event field cannot be blank");
    }

    @Test
    void nestedIndexedFields_code15_areDeadLettered() throws Exception {
        ObjectNode nested = Json.mapper().createObjectNode().put("deep", 1);
        HecEvent bad = HecEvent.builder(TextNode.valueOf("x"))
                .field("resource", nested)
                .build();
        assertOnlyTheBadEventIsDeadLettered(5, bad, 15, "Error in handling indexed fields");
    }

    @Test
    void incorrectIndex_code7_isDeadLettered() throws Exception {
        HecEvent bad = HecEvent.builder(TextNode.valueOf("x")).index("secret").build();
        assertOnlyTheBadEventIsDeadLettered(6, bad, 7, "Incorrect index");
    }

    @Test
    void severalBadEvents_withAcksOn_areEachDeadLettered_andTheRestIndexed() throws Exception {
        try (HecClient client = client("HEC_TOKEN", ACK_TOKEN, "HEC_ACK", "true")) {
            HecBatch.Builder builder = client.newBatch("several");
            for (int id = 0; id < 10; id++) {
                builder.add(id == 2 || id == 7 ? HecEvent.of(TextNode.valueOf("")) : event(id));
            }
            HecDelivery delivery = await(client.send(builder.build()));
            assertThat(delivery.deadLetters()).extracting(HecDeadLetter::index).containsExactly(2, 7);
            assertThat(delivery.requests()).isEqualTo(3);
            assertThat(storedIds(receiver)).containsExactly(0, 1, 3, 4, 5, 6, 8, 9);
        }
    }

    @Test
    void batchOfOnlyBadEvents_isDeadLetteredWhole() throws Exception {
        try (HecClient client = client()) {
            HecBatch.Builder builder = client.newBatch("all-bad");
            builder.add(HecEvent.of(null));
            builder.add(HecEvent.of(TextNode.valueOf("")));
            HecDelivery delivery = await(client.send(builder.build()));
            assertThat(delivery.status()).isEqualTo(HecDelivery.Status.DEAD_LETTERED);
            assertThat(delivery.deadLetters()).extracting(HecDeadLetter::code).containsExactly(12, 13);
            assertThat(receiver.events()).isEmpty();
        }
    }

    private void assertOnlyTheBadEventIsDeadLettered(int at, HecEvent bad, int code, String text) throws Exception {
        try (HecClient client = client()) {
            HecDelivery delivery = await(client.send(batchWith(client, at, bad)));
            assertThat(delivery.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.index()).isEqualTo(at);
                assertThat(dead.event()).isSameAs(bad);
                assertThat(dead.code()).isEqualTo(code);
                assertThat(dead.reason()).contains(text);
            });
            assertThat(storedIds(receiver)).containsExactlyElementsOf(othersThan(at));
            assertThat(delivery.isDelivered(at)).isFalse();
            assertThat(delivery.deliveredCount()).isEqualTo(9);
        }
    }
}
