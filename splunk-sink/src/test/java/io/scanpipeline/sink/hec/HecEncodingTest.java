package io.scanpipeline.sink.hec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scanpipeline.core.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HecEncodingTest {

    private static final URI URL = URI.create("http://127.0.0.1:1");

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void event_isSplunkEventJson_withTimeInEpochSecondsToTheMillisecond() throws Exception {
        HecConfig config = HecTestSupport.config(URL, "HEC_INDEX", "security", "HEC_HOST", "sink-1");
        JsonNode payload = Json.mapper().readTree("{\"cvss\":9.80,\"big\":123456789012345678901234567890}");
        HecEvent event = HecEvent.builder(payload)
                .time(Instant.parse("2023-11-14T22:13:20.123Z"))
                .source("s3://bucket/key")
                .field("account", "123456789012")
                .build();
        String json = text(HecEncoder.encode(event, config));
        assertThat(json)
                .isEqualTo("{\"time\":1700000000.123,\"host\":\"sink-1\",\"source\":\"s3://bucket/key\","
                        + "\"sourcetype\":\"scan:finding\",\"index\":\"security\","
                        + "\"event\":{\"cvss\":9.80,\"big\":123456789012345678901234567890},"
                        + "\"fields\":{\"account\":\"123456789012\"}}");
    }

    @Test
    void eventMetadata_overridesTheConfiguredDefaults() {
        HecConfig config = HecTestSupport.config(URL, "HEC_INDEX", "security");
        HecEvent event = HecEvent.builder(TextNode.valueOf("x"))
                .sourcetype("custom")
                .index("other")
                .build();
        assertThat(text(HecEncoder.encode(event, config)))
                .isEqualTo("{\"sourcetype\":\"custom\",\"index\":\"other\",\"event\":\"x\"}");
    }

    @Test
    void body_writesEventsBackToBack_withoutArrayOrCommas() {
        HecConfig config = HecTestSupport.config(URL, "HEC_GZIP", "false");
        HecBatch.Builder builder = HecBatch.builder("b", config);
        builder.add(HecEvent.of(TextNode.valueOf("a")));
        builder.add(HecEvent.of(TextNode.valueOf("b")));
        builder.add(HecEvent.of(TextNode.valueOf("c")));
        HecBatch batch = builder.build();
        assertThat(text(HecEncoder.body(batch, List.of(0, 2), false)))
                .isEqualTo(
                        "{\"sourcetype\":\"scan:finding\",\"event\":\"a\"}{\"sourcetype\":\"scan:finding\",\"event\":\"c\"}");
    }

    @Test
    void gzipBody_decompressesToThePlainBody() throws Exception {
        HecConfig config = HecTestSupport.config(URL);
        HecBatch.Builder builder = HecBatch.builder("b", config);
        for (int i = 0; i < 50; i++) {
            builder.add(HecTestSupport.event(i));
        }
        HecBatch batch = builder.build();
        List<Integer> all = HecTestSupport.range(0, 50);
        byte[] gzip = HecEncoder.body(batch, all, true);
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();
        assertThat(unzipped).isEqualTo(HecEncoder.body(batch, all, false));
        assertThat(gzip.length).isLessThan(unzipped.length);
    }

    @Test
    void batchBuilder_closesAtTheEventLimit() {
        HecConfig config = HecTestSupport.config(URL, "HEC_BATCH_MAX_EVENTS", "3");
        HecBatch.Builder builder = HecBatch.builder("b", config);
        assertThat(List.of(
                        builder.add(HecTestSupport.event(1)),
                        builder.add(HecTestSupport.event(2)),
                        builder.add(HecTestSupport.event(3)),
                        builder.add(HecTestSupport.event(4))))
                .containsExactly(true, true, true, false);
        assertThat(builder.build().size()).isEqualTo(3);
    }

    @Test
    void batchBuilder_closesAtTheByteLimit_butAlwaysTakesOneEvent() {
        HecConfig config = HecTestSupport.config(URL, "HEC_BATCH_MAX_BYTES", "100");
        HecBatch.Builder builder = HecBatch.builder("b", config);
        HecEvent large = HecEvent.of(TextNode.valueOf("x".repeat(500)));
        assertThat(builder.add(large)).isTrue();
        assertThat(builder.add(HecTestSupport.event(1))).isFalse();
        HecBatch.Builder small = HecBatch.builder("c", config);
        assertThat(small.add(HecTestSupport.event(1))).isTrue();
        assertThat(small.add(HecTestSupport.event(2))).isFalse();
        assertThat(small.build().bytes()).isLessThanOrEqualTo(100);
    }

    @Test
    void rawEncoding_isOneLinePerEvent_andTheQueryCarriesTheMetadata() {
        HecConfig config = HecTestSupport.config(URL, "HEC_ENDPOINT", "raw", "HEC_INDEX", "main");
        assertThat(text(HecEncoder.encode(HecEvent.of(TextNode.valueOf("two\nlines")), config)))
                .isEqualTo("two lines\n");
        assertThat(text(HecEncoder.encode(HecTestSupport.event(7), config)))
                .isEqualTo("{\"id\":7,\"rule\":\"CVE-2024-7\"}\n");
        assertThat(HecEncoder.rawQuery(config, "c-1")).isEqualTo("channel=c-1&sourcetype=scan%3Afinding&index=main");
    }

    @Test
    void fromJson_readsASplunkEventObject() throws Exception {
        JsonNode json = Json.mapper()
                .readTree("{\"time\":\"1700000000.5\",\"host\":\"h\",\"index\":\"i\","
                        + "\"event\":{\"a\":1},\"fields\":{\"k\":\"v\"}}");
        HecEvent event = HecEvent.fromJson((ObjectNode) json);
        assertThat(event.time()).isEqualTo(Instant.parse("2023-11-14T22:13:20.500Z"));
        assertThat(event.host()).isEqualTo("h");
        assertThat(event.index()).isEqualTo("i");
        assertThat(event.event().get("a").asInt()).isEqualTo(1);
        assertThat(event.fields()).containsEntry("k", TextNode.valueOf("v"));
    }

    @Test
    void delivery_reportsDeliveredAndDeadLetteredIndexes() {
        HecConfig config = HecTestSupport.config(URL);
        HecBatch.Builder builder = HecBatch.builder("b", config);
        builder.add(HecTestSupport.event(0));
        builder.add(HecTestSupport.event(1));
        HecBatch batch = builder.build();
        HecDelivery partial = new HecDelivery(
                batch, List.of(new HecDeadLetter(1, batch.events().get(1), 400, 6, "HTTP 400 code 6")), 2);
        assertThat(partial.status()).isEqualTo(HecDelivery.Status.PARTIALLY_DEAD_LETTERED);
        assertThat(partial.isDelivered(0)).isTrue();
        assertThat(partial.isDelivered(1)).isFalse();
        assertThat(partial.isDelivered(2)).isFalse();
        assertThat(partial.deliveredCount()).isEqualTo(1);
        assertThat(new HecDelivery(batch, List.of(), 1).status()).isEqualTo(HecDelivery.Status.DELIVERED);
    }

    @Test
    void jsonBytesPayload_isWrittenAsIs_andReadsAsATree() throws Exception {
        HecConfig config = HecTestSupport.config(URL, "HEC_INDEX", "security");
        String payload = "{ \"b\":1.50, \"a\":\"\\u00e9\",\"n\":1E+2 }";
        HecEvent event = HecEvent.builderOfJson(payload.getBytes(StandardCharsets.UTF_8))
                .time(Instant.parse("2023-11-14T22:13:20Z"))
                .field("k", "v")
                .build();

        assertThat(text(HecEncoder.encode(event, config)))
                .isEqualTo("{\"time\":1700000000.000,"
                        + "\"sourcetype\":\"scan:finding\",\"index\":\"security\",\"event\":" + payload
                        + ",\"fields\":{\"k\":\"v\"}}");
        assertThat(event.event().toString()).isEqualTo(payload);
        assertThat(Json.mapper().writeValueAsString(event.event())).isEqualTo(payload);
        assertThat(event.eventTree()).isEqualTo(Json.mapper().readTree(payload));
        assertThat(event.eventTree().get("a").asText()).isEqualTo("é");
        assertThat(HecEvent.builderOfJson(payload.getBytes(StandardCharsets.UTF_8))
                        .build()
                        .event())
                .isEqualTo(event.event());
    }

    @Test
    void jsonBytesPayload_onTheRawEndpoint_isOneLine() {
        HecConfig config = HecTestSupport.config(URL, "HEC_ENDPOINT", "raw");
        HecEvent event = HecEvent.builderOfJson("{\"a\":\n\"x\"}".getBytes(StandardCharsets.UTF_8))
                .build();

        assertThat(text(HecEncoder.encode(event, config))).isEqualTo("{\"a\": \"x\"}\n");
    }

    @Test
    void treePayloadsAndFieldsOfAnyKind_areWrittenAsTheTreeSerialises() throws Exception {
        HecConfig config = HecTestSupport.config(URL);
        JsonNode payload = Json.mapper().readTree("{\"cvss\":9.80,\"list\":[1,\"two\",null],\"t\":true}");
        HecEvent event = HecEvent.builder(payload)
                .field("n", Json.mapper().getNodeFactory().numberNode(7))
                .field("many", Json.mapper().readTree("[\"a\",\"b\"]"))
                .field("s", "\"quoted\"\n")
                .build();

        assertThat(text(HecEncoder.encode(event, config)))
                .isEqualTo("{\"sourcetype\":\"scan:finding\",\"event\":"
                        + Json.mapper().writeValueAsString(payload) + ",\"fields\":{\"n\":7,\"many\":[\"a\",\"b\"],"
                        + "\"s\":\"\\\"quoted\\\"\\n\"}}");
    }
}
