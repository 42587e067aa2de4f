package io.scanpipeline.splunk.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.splunk.search.SearchEngine;
import io.scanpipeline.splunk.search.SearchResult;
import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local HEC receiver's NDJSON file (local-emulators HecEventStore: one accepted event per line). */
class EventIndexTest {
    private static final String LINE =
            "{\"receivedAt\":\"%s\",\"path\":\"/services/collector/event\",\"channel\":\"c-1\","
                    + "\"ackId\":%d,\"gzip\":false,\"hec\":%s}";

    @Test
    void readsTheReceiverFile_receivedAtBecomesIndextime_andHecDefaultsFillGaps(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                LINE.formatted(
                                        "2024-12-05T12:00:01.500Z",
                                        1,
                                        "{\"time\":1733400000.25,\"index\":\"scans\",\"host\":\"sink-1\","
                                                + "\"source\":\"s3://scans/trivy/a.json\",\"sourcetype\":\"scan:finding\",\"event\":{\"eventId\":\"e1\"},"
                                                + "\"fields\":{\"scanpipeline_event_id\":\"e1\",\"multi\":[\"a\",\"b\"]}}"),
                                "",
                                LINE.formatted("2024-12-05T12:00:02Z", 2, "{\"event\":\"plain text line\"}"))
                        + "\n");
        SplunkApp app = SplunkApp.empty();
        EventIndex index = EventIndex.fromReceiverFile(file, HecDefaults.local(), app);
        assertThat(index.size()).isEqualTo(2);
        SearchEngine engine =
                new SearchEngine(app, index, Clock.fixed(Instant.parse("2024-12-05T13:00:00Z"), ZoneOffset.UTC));
        // without index=, Splunk's default roles search main only
        assertThat(engine.search("*", null, null).rows()).hasSize(1);
        assertThat(engine.search("| tstats count", null, null).rows().get(0).value("count"))
                .isEqualTo("1");
        SearchResult r = engine.search("index=*", null, null);
        SearchResult.Row text = r.rows().get(0);
        assertThat(text.value("_time")).isEqualTo("1733400002");
        assertThat(text.value("index")).isEqualTo("main");
        assertThat(text.value("source")).isEqualTo("http:local");
        assertThat(text.value("sourcetype")).isEqualTo("httpevent");
        assertThat(text.value("_raw")).isEqualTo("plain text line");
        SearchResult.Row json = r.rows().get(1);
        assertThat(json.value("_time")).isEqualTo("1733400000.25");
        assertThat(json.value("_indextime")).isEqualTo("1733400001");
        assertThat(json.value("index")).isEqualTo("scans");
        assertThat(json.value("host")).isEqualTo("sink-1");
        assertThat(json.values("multi")).containsExactly("a", "b");
        // sourcetype scan:finding has no props in the empty app: KV_MODE auto with AUTO_KV_JSON extracts the JSON
        assertThat(json.values("eventId")).containsExactly("e1");
        assertThat(engine.search("| tstats count where index=scans by multi", null, null)
                        .rows())
                .hasSize(2);
    }

    @Test
    void aBadLine_failsNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(
                file, LINE.formatted("2024-12-05T12:00:01Z", 1, "{\"event\":\"ok\"}") + "\n{\"receivedAt\":\"x\"}\n");
        assertThatThrownBy(() -> EventIndex.fromReceiverFile(file, HecDefaults.local(), SplunkApp.empty()))
                .isInstanceOf(SplException.class)
                .hasMessageContaining("events.ndjson line 2");
    }

    @Test
    void eventsWithoutAnEventField_areRefusedAsHecRefusesThem() {
        assertThatThrownBy(() -> IndexedEvent.fromHec(
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(),
                        Instant.EPOCH,
                        HecDefaults.local(),
                        SplunkApp.empty()))
                .isInstanceOf(SplException.class)
                .hasMessageContaining("Event field is blank");
    }

    @Test
    void hecTimeAsAString_isEpochSecondsToo() {
        IndexedEvent e = IndexedEvent.fromHec(
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode()
                        .put("time", "1733400000.500")
                        .put("event", "x"),
                Instant.EPOCH,
                HecDefaults.local(),
                SplunkApp.empty());
        assertThat(e.fields().get("_time")).containsExactly("1733400000.5");
    }

    @Test
    void theDefaultTruncateIs10000Bytes() {
        assertThat(IndexedEvent.truncate("x".repeat(10001), SplunkApp.empty().truncateBytes("any")))
                .hasSize(10000);
    }
}
