package io.scanpipeline.local.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's API over the repository's real Splunk app and a receiver file written here. */
class DashboardServerTest {
    private static final Path APP = Path.of("").toAbsolutePath().getParent().resolve("splunk-app");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> post(DashboardServer server, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.uri().resolve("api/search"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void search_countsTheReceiversEvents_andSeesEventsAppendedLater() throws Exception {
        Path events = dir.resolve("hec-events.ndjson");
        Files.writeString(events, ReceiverIndexTest.line(1) + ReceiverIndexTest.line(2));
        try (DashboardServer server = DashboardServer.start(APP, events, 0)) {
            String body =
                    "{\"spl\":\"sourcetype=\\\"scan:finding\\\" | stats count by eventName\",\"earliest\":\"0\",\"latest\":null}";
            JsonNode first = Json.mapper().readTree(post(server, body).body());
            assertThat(first.path("fields").toString()).isEqualTo("[\"eventName\",\"count\"]");
            assertThat(first.path("rows").toString()).isEqualTo("[[\"INSERT\",\"2\"]]");
            Files.writeString(events, ReceiverIndexTest.line(3), java.nio.file.StandardOpenOption.APPEND);
            JsonNode second = Json.mapper().readTree(post(server, body).body());
            assertThat(second.path("rows").toString()).isEqualTo("[[\"INSERT\",\"3\"]]");
        }
    }

    @Test
    void failingSearch_isA400WithTheStandInsMessage_notAnEmptyResult() throws Exception {
        try (DashboardServer server = DashboardServer.start(APP, dir.resolve("none.ndjson"), 0)) {
            HttpResponse<String> response = post(server, "{\"spl\":\"index=main | nosuchcommand x\"}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.mapper().readTree(response.body()).path("error").asText())
                    .contains("nosuchcommand");
            HttpResponse<String> noSpl = post(server, "{\"earliest\":\"-1h\"}");
            assertThat(noSpl.statusCode()).isEqualTo(400);
            assertThat(noSpl.body()).contains("\\\"spl\\\"");
        }
    }

    @Test
    void dashboards_areTheAppsStudioViews_withTheirDefinitions() throws Exception {
        try (DashboardServer server = DashboardServer.start(APP, dir.resolve("none.ndjson"), 0)) {
            JsonNode list = Json.mapper().readTree(get(server, "api/dashboards").body());
            assertThat(list.findValuesAsText("name")).contains("findings", "pipeline_health");
            for (JsonNode dashboard : list) {
                assertThat(dashboard.path("definition").path("dataSources").size())
                        .isPositive();
            }
        }
    }

    @Test
    void timeParser_resolvesModifiersAsTheStandInDoes() throws Exception {
        try (DashboardServer server = DashboardServer.start(APP, dir.resolve("none.ndjson"), 0)) {
            JsonNode parsed = Json.mapper()
                    .readTree(get(server, "splunkd/services/search/timeparser?output_mode=json&time=0")
                            .body());
            assertThat(parsed.path("0").asText()).isEqualTo("1970-01-01T00:00:00.000+00:00");
            assertThat(get(server, "splunkd/services/data/ui/times?output_mode=json")
                            .body())
                    .contains("Last 24 hours");
        }
    }

    @Test
    void timeField_isWrittenAsSplunksRestApiWritesIt() {
        assertThat(SearchApi.isoTime("1764928800.5")).isEqualTo("2025-12-05T10:00:00.500+00:00");
    }
}
