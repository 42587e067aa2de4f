package io.scanpipeline.splunk.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.index.HecDefaults;
import io.scanpipeline.splunk.search.index.IndexedEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** HEC events shaped like what the splunk sink sends, the test app, and an engine at a fixed now. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper()
            // numbers keep their text (1.50 stays 1.50 in _raw), as Splunk keeps the bytes it received
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    /** 2024-12-05T12:30:00Z: half an hour after the findings below. */
    static final Instant NOW = Instant.parse("2024-12-05T12:30:00Z");

    private Fixtures() {}

    static Path testApp() {
        try {
            return Path.of(Fixtures.class.getResource("/testapp").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SplunkApp app() {
        return SplunkApp.load(testApp());
    }

    /** One change envelope as the sink sends it to HEC, with the four indexed fields. */
    static ObjectNode finding(double time, String eventId, String eventName, String severity, String cve, String key) {
        String pk = "Finding#" + cve;
        String envelope = """
                {"v":1,"eventId":"%s","eventName":"%s","table":"Findings","keys":{"pk":"%s"},
                 "newImage":{"Severity":"%s","VulnerabilityID":"%s"},"sequenceNumber":"100%s",
                 "approximateCreationTime":"2024-12-05T12:00:00.123Z","approximateCreationEpochMillis":1733400000123,
                 "source":{"bucket":"scans","key":"%s"}}""".formatted(eventId, eventName, pk, severity, cve, eventId, key);
        ObjectNode hec = JSON.createObjectNode();
        hec.put("time", time);
        hec.put("source", "s3://scans/" + key);
        hec.put("sourcetype", "scan:finding");
        try {
            hec.set("event", JSON.readTree(envelope));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ObjectNode fields = hec.putObject("fields");
        fields.put("scanpipeline_event_id", eventId);
        fields.put("scanpipeline_event_name", eventName);
        fields.put("scanpipeline_table", "Findings");
        fields.put("scanpipeline_item", "Findings|{\"pk\":\"" + pk + "\"}");
        return hec;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static IndexedEvent index(JsonNode hec, SplunkApp app) {
        return IndexedEvent.fromHec(hec, NOW, HecDefaults.local(), app);
    }

    static SearchEngine engine(SplunkApp app, JsonNode... hecEvents) {
        EventIndex index = new EventIndex();
        for (JsonNode e : hecEvents) {
            index.add(index(e, app));
        }
        return new SearchEngine(app, index, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Four findings between 12:00 and 12:20 on 2024-12-05 (one duplicate delivery of e1). */
    static SearchEngine findings() {
        SplunkApp app = app();
        return engine(
                app,
                finding(1733400000.123, "e1", "INSERT", "HIGH", "CVE-2024-0001", "trivy/a.json"),
                finding(1733400000.123, "e1", "INSERT", "HIGH", "CVE-2024-0001", "trivy/a.json"),
                finding(1733400600.5, "e2", "INSERT", "CRITICAL", "CVE-2024-0002", "grype/b.json"),
                finding(1733401200, "e3", "REMOVE", "HIGH", "CVE-2024-0001", "trivy/a.json"),
                finding(1733401260, "e4", "MODIFY", "LOW", "CVE-2024-0003", "other/c.txt"));
    }

    static SearchResult run(SearchEngine engine, String spl) {
        return engine.search(spl, null, null);
    }

    static SearchResult make(String spl) {
        return engine(SplunkApp.empty()).search(spl, null, null);
    }
}
