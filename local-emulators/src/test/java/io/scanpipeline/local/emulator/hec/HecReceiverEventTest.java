package io.scanpipeline.local.emulator.hec;

import static io.scanpipeline.local.emulator.hec.HecReceiverAuthTest.assertAnswer;
import static io.scanpipeline.local.emulator.hec.HecRequests.CHANNEL;
import static io.scanpipeline.local.emulator.hec.HecRequests.TOKEN;
import static io.scanpipeline.local.emulator.hec.HecRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HecReceiverEventTest {

    private static final List<String> FIXTURES =
            List.of("hec_log_event.json", "hec_metric_event.json", "hec_span_event.json");

    @TempDir
    Path dir;

    private HecReceiver receiver;
    private HecRequests hec;

    @BeforeEach
    void start() throws Exception {
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .allowedIndexes(Set.of("main", "myindex"))
                .outputFile(dir.resolve("events.ndjson"))
                .build());
        hec = new HecRequests(receiver.endpoint());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void realFixtureBodies_writtenBackToBack_areStoredAsThreeEvents() throws Exception {
        StringBuilder body = new StringBuilder();
        List<JsonNode> expected = new ArrayList<>();
        for (String name : FIXTURES) {
            String text = fixture(name);
            body.append(text);
            expected.add(EmulatorJson.mapper().readTree(text));
        }
        assertAnswer(hec.post("/services/collector/event", TOKEN, body.toString()), 200, 0, "Success");
        assertThat(receiver.events()).containsExactlyElementsOf(expected);
        // exact numbers survive: the metric fixture's 1234.5678 keeps its digits
        assertThat(receiver.events()
                        .get(1)
                        .at("/fields/metric_name:gauge_double_with_dims")
                        .decimalValue())
                .isEqualByComparingTo("1234.5678");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"event\":1}{\"event\":2}",
                "{\"event\":1}\n{\"event\":2}\n",
                " {\"event\":1} \r\n\t {\"event\":2}"
            })
    void objectsWithOrWithoutWhitespaceBetween_areAllStored(String body) throws Exception {
        assertAnswer(hec.post("/services/collector/event", TOKEN, body), 200, 0, "Success");
        assertThat(receiver.events()).extracting(e -> e.get("event").asInt()).containsExactly(1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/services/collector", "/services/collector/event", "/services/collector/event/1.0"})
    void everyEventPathAlias_acceptsEvents(String path) throws Exception {
        assertAnswer(hec.post(path, TOKEN, "{\"event\":\"x\"}"), 200, 0, "Success");
        assertThat(receiver.receipts())
                .singleElement()
                .satisfies(r -> assertThat(r.get("path").asText()).isEqualTo(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n "})
    void emptyBody_is400Code5(String body) throws Exception {
        assertAnswer(hec.post("/services/collector/event", TOKEN, body), 400, 5, "No data");
    }

    @Test
    void malformedThirdEvent_is400Code6WithItsNumber_andNothingIsStored() throws Exception {
        HttpResponse<String> response =
                hec.post("/services/collector/event", TOKEN, "{\"event\":0}{\"event\":1}{\"event\":2,}{\"event\":3}");
        assertAnswer(response, 400, 6, "Invalid data format");
        assertThat(json(response).get("invalid-event-number").asInt()).isEqualTo(2);
        assertThat(receiver.events()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event\":0},{\"event\":1}", "[{\"event\":0}]", "\"text\""})
    void commasArraysAndScalars_areInvalidDataFormat(String body) throws Exception {
        assertAnswer(hec.post("/services/collector/event", TOKEN, body), 400, 6, "Invalid data format");
    }

    @Test
    void eventWithoutEventField_is400Code12WithItsNumber() throws Exception {
        HttpResponse<String> response =
                hec.post("/services/collector/event", TOKEN, "{\"event\":\"a\"}{\"host\":\"h\"}");
        assertAnswer(response, 400, 12, "Event field is required");
        assertThat(json(response).get("invalid-event-number").asInt()).isEqualTo(1);
        assertThat(receiver.events()).isEmpty();
    }

    @Test
    void blankEvent_is400Code13() throws Exception {
        HttpResponse<String> response = hec.post("/services/collector/event", TOKEN, "{\"event\":\"   \"}");
        assertAnswer(response, 400, 13, "Event field cannot be blank");
        assertThat(json(response).get("invalid-event-number").asInt()).isZero();
    }

    @Test
    void nestedIndexedFields_are400Code15_butMultiValueFieldsAreFlat() throws Exception {
        HttpResponse<String> nested =
                hec.post("/services/collector/event", TOKEN, "{\"event\":\"a\",\"fields\":{\"k\":{\"n\":1}}}");
        assertAnswer(nested, 400, 15, "Error in handling indexed fields");
        assertAnswer(
                hec.post("/services/collector/event", TOKEN, "{\"event\":\"a\",\"fields\":{\"k\":[\"x\",\"y\"]}}"),
                200,
                0,
                "Success");
    }

    @Test
    void indexOutsideTheAllowList_is400Code7() throws Exception {
        HttpResponse<String> response = hec.post(
                "/services/collector/event",
                TOKEN,
                "{\"event\":\"a\",\"index\":\"main\"}{\"event\":\"b\",\"index\":\"secret\"}");
        assertAnswer(response, 400, 7, "Incorrect index");
        assertThat(json(response).get("invalid-event-number").asInt()).isEqualTo(1);
    }

    @Test
    void gzipBody_isDecompressed() throws Exception {
        HttpResponse<String> response = hec.send(hec.request("/services/collector/event")
                .header("Authorization", "Splunk " + TOKEN)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(HecRequests.gzip("{\"event\":\"zipped\"}"))));
        assertAnswer(response, 200, 0, "Success");
        assertThat(receiver.events())
                .singleElement()
                .satisfies(e -> assertThat(e.get("event").asText()).isEqualTo("zipped"));
    }

    @Test
    void rawWithoutChannel_is400Code10_andWithInvalidChannelCode11() throws Exception {
        assertAnswer(hec.post("/services/collector/raw", TOKEN, "line"), 400, 10, "Data channel is missing");
        assertAnswer(
                hec.post("/services/collector/raw?channel=not-a-guid", TOKEN, "line"), 400, 11, "Invalid data channel");
    }

    @Test
    void rawLines_becomeEventsWithQueryStringMetadata() throws Exception {
        HttpResponse<String> response = hec.postOnChannel(
                "/services/collector/raw?sourcetype=scan%3Afinding&index=main&host=h1", TOKEN, "first\nsecond\n\n");
        assertAnswer(response, 200, 0, "Success");
        assertThat(receiver.events()).extracting(e -> e.get("event").asText()).containsExactly("first", "second");
        assertThat(receiver.events().get(0).get("sourcetype").asText()).isEqualTo("scan:finding");
        assertThat(receiver.receipts().get(0).get("channel").asText()).isEqualTo(CHANNEL);
    }

    @Test
    void acceptedEvents_areWrittenAsNdjsonWithReceiptMetadata() throws Exception {
        hec.postOnChannel("/services/collector/event", TOKEN, "{\"event\":\"a\"}{\"event\":\"b\"}");
        List<String> lines = Files.readAllLines(dir.resolve("events.ndjson"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode first = EmulatorJson.mapper().readTree(lines.get(0));
        assertThat(first.get("channel").asText()).isEqualTo(CHANNEL);
        assertThat(first.get("ackId").isNull()).isTrue();
        assertThat(first.get("receivedAt").asText()).isNotBlank();
        assertThat(first.get("hec").get("event").asText()).isEqualTo("a");
    }

    @Test
    void getOnTheEventEndpoint_is405() throws Exception {
        assertThat(hec.get("/services/collector/event").statusCode()).isEqualTo(405);
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = HecReceiverEventTest.class.getResourceAsStream("/third-party/splunk-hec/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
