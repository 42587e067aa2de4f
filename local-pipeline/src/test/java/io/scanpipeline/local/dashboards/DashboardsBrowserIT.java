package io.scanpipeline.local.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.local.LocalPipeline;
import io.scanpipeline.splunk.search.SearchEngine;
import io.scanpipeline.splunk.search.SearchResult;
import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.index.HecDefaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards as a person sees them: the local pipeline ingests a known sequence of scans (Trivy alpine 3.9: 6
 * findings, 2 CRITICAL and 4 MEDIUM; Grype keycloak: 6 Low), the dashboard server serves the app's Studio
 * dashboards, and headless Chromium (Debian's package, driven by playwright-core) renders them with Splunk's
 * dashboard framework. The numbers on the Findings dashboard must equal both the search stand-in's results for each
 * panel's search and the hand-computed ones. Screenshots stay in target/dashboards-browser/.
 */
class DashboardsBrowserIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path FRONTEND = REPO.resolve("local-pipeline/src/main/frontend");
    private static final Path SCREENSHOTS = REPO.resolve("local-pipeline/target/dashboards-browser");

    @TempDir
    Path dir;

    @Test
    void findingsDashboard_inChromium_showsTheStandInsNumbers_andTheHandComputedOnes() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail("This browser test needs Chromium at " + chromium + " and found none. Install Debian's package: "
                    + "apt-get install -y chromium (as root; .ci/run does it), or set CHROMIUM_PATH.");
        }
        Path fixtures = REPO.resolve("ingest-lambda/src/test/resources/fixtures/vuln-scans");
        Path app = REPO.resolve("splunk-app");
        LocalPipeline.Options options = new LocalPipeline.Options(
                null, REPO.resolve("config/pipeline.json"), "scans", dir.resolve("pipeline.log"));
        try (LocalPipeline pipeline = LocalPipeline.start(options);
                DashboardServer server = DashboardServer.start(app, pipeline.hecEventsFile(), 0)) {
            pipeline.aws()
                    .s3()
                    .putObject(
                            r -> r.bucket("scans").key("trivy/trivy-alpine-39.json"),
                            fixtures.resolve("trivy-alpine-39.json"));
            pipeline.aws()
                    .s3()
                    .putObject(
                            r -> r.bucket("scans").key("grype/grype-keycloak.json"),
                            fixtures.resolve("grype-keycloak.json"));
            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3))).isTrue();
            assertThat(pipeline.changeEvents()).hasSize(12);
            long events = Files.readAllLines(pipeline.hecEventsFile()).stream()
                    .filter(l -> !l.isBlank())
                    .count();

            JsonNode page = readDashboards(server, events, "findings", "pipeline_health");
            SplunkApp splunkApp = SplunkApp.load(app);
            SearchEngine engine = new SearchEngine(
                    splunkApp,
                    EventIndex.fromReceiverFile(pipeline.hecEventsFile(), HecDefaults.local(), splunkApp),
                    Clock.systemUTC());
            StudioDashboard findings = new DashboardViews(app)
                    .load().stream()
                            .filter(d -> d.name().equals("findings"))
                            .findFirst()
                            .orElseThrow();
            JsonNode panels = page.path("findings").path("panels");
            assertThat(page.path("findings").path("pageErrors")).isEmpty();

            // every table and two-column chart equals the stand-in's result for the panel's search
            List<String> compared = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> vizs =
                    findings.definition().path("visualizations").fields();
            while (vizs.hasNext()) {
                Map.Entry<String, JsonNode> viz = vizs.next();
                String type = viz.getValue().path("type").asText();
                String dataSource =
                        viz.getValue().path("dataSources").path("primary").asText();
                JsonNode rendered = panels.path(viz.getKey());
                assertThat(rendered.isMissingNode())
                        .as("panel %s rendered", viz.getKey())
                        .isFalse();
                SearchResult expected = search(engine, findings.definition(), dataSource);
                if (type.equals("splunk.table") && !expected.rows().isEmpty()) {
                    assertThat(texts(rendered.path("table").path("fields")))
                            .as(viz.getKey())
                            .isEqualTo(expected.fields());
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode row : rendered.path("table").path("rows")) {
                        rows.add(texts(row));
                    }
                    List<List<String>> expectedRows = expected.rows().stream()
                            .map(r -> expected.fields().stream()
                                    .map(f -> r.value(f) == null ? "" : r.value(f))
                                    .toList())
                            .toList();
                    assertThat(rows).as(viz.getKey()).isEqualTo(expectedRows);
                    compared.add(viz.getKey());
                } else if ((type.equals("splunk.column") || type.equals("splunk.bar"))
                        && expected.fields().size() == 2) {
                    assertThat(points(rendered))
                            .as(viz.getKey())
                            .isEqualTo(expected.rows().stream()
                                    .map(r -> List.of(
                                            r.value(expected.fields().get(0)),
                                            r.value(expected.fields().get(1))))
                                    .toList());
                    compared.add(viz.getKey());
                }
            }
            assertThat(compared)
                    .as("panels compared with the stand-in")
                    .contains("viz_open_by_severity", "viz_top_dest");

            // hand-computed: trivy alpine 3.9 has 2 CRITICAL + 4 MEDIUM, grype keycloak 6 Low; none fixed
            assertThat(points(panels.path("viz_open_by_severity")))
                    .isEqualTo(List.of(List.of("critical", "2"), List.of("medium", "4"), List.of("low", "6")));
            JsonNode topDest = panels.path("viz_top_dest").path("table");
            int openColumn = texts(topDest.path("fields")).indexOf("open_findings");
            assertThat(openColumn).isNotNegative();
            List<String> open = new ArrayList<>();
            for (JsonNode row : topDest.path("rows")) {
                open.add(row.get(openColumn).asText());
            }
            assertThat(open).containsExactly("6", "6");
            assertThat(SCREENSHOTS.resolve("findings.png")).isNotEmptyFile();
            assertThat(SCREENSHOTS.resolve("pipeline_health.png")).isNotEmptyFile();
        }
    }

    /** Runs the playwright script; its JSON output, or a failure quoting what it printed. */
    private static JsonNode readDashboards(DashboardServer server, long minEvents, String... names) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "node",
                "browser/read-dashboards.cjs",
                server.uri().toString(),
                SCREENSHOTS.toString(),
                Long.toString(minEvents)));
        command.addAll(List.of(names));
        Path stdout = Files.createTempFile("read-dashboards", ".json");
        Path stderr = Files.createTempFile("read-dashboards", ".err");
        Process process = new ProcessBuilder(command)
                .directory(FRONTEND.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the browser script did not finish in 10 minutes: " + Files.readString(stderr));
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("the browser script failed (exit " + process.exitValue() + "): " + Files.readString(stderr) + out);
        }
        return Json.mapper().readTree(out);
    }

    /** The data source's search with the dashboard's input defaults substituted, run by the stand-in. */
    private static SearchResult search(SearchEngine engine, JsonNode definition, String dataSource) {
        Map<String, String> tokens = new HashMap<>();
        for (JsonNode input : definition.path("inputs")) {
            String token = input.path("options").path("token").asText();
            String value = input.path("options").path("defaultValue").asText();
            if (input.path("type").asText().equals("input.timerange")) {
                String[] range = value.split(",", -1);
                tokens.put(token + ".earliest", range[0]);
                tokens.put(token + ".latest", range.length > 1 ? range[1] : "");
            } else {
                tokens.put(token, value);
            }
        }
        JsonNode options = definition.path("dataSources").path(dataSource).path("options");
        String spl = substitute(options.path("query").asText(), tokens);
        String earliest =
                substitute(options.path("queryParameters").path("earliest").asText(""), tokens);
        String latest =
                substitute(options.path("queryParameters").path("latest").asText(""), tokens);
        return engine.search(spl, earliest.isEmpty() ? null : earliest, latest.isEmpty() ? null : latest);
    }

    private static String substitute(String text, Map<String, String> tokens) {
        String result = text;
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            result = result.replace("$" + token.getKey() + "$", token.getValue());
        }
        return result;
    }

    private static List<List<String>> points(JsonNode panel) {
        List<List<String>> points = new ArrayList<>();
        for (JsonNode point : panel.path("points")) {
            points.add(List.of(point.get(0).asText(), point.get(1).asText()));
        }
        return points;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
