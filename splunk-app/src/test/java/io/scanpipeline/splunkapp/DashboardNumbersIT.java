package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every panel of both dashboards, run by the search stand-in on what the local pipeline delivered to its HEC receiver
 * after a known sequence, shows the number a person computes by hand:
 * <ol>
 *   <li>a Trivy scan of alpine 3.9 ({@code trivy/alpine-39.json}, the fixture: 6 findings, CVE-2019-1549 and
 *       CVE-2019-1551 MEDIUM in libcrypto1.1 and libssl1.1, CVE-2019-14697 CRITICAL in musl and musl-utils) and a
 *       Grype scan of keycloak ({@code grype/keycloak.json}: 6 findings, all Low);</li>
 *   <li>a later Trivy scan of the same image, a new version of the same key: both CVE-2019-1549 gone,
 *       libssl1.1's CVE-2019-1551 now HIGH, a new CRITICAL CVE-2026-0001 in musl; the four findings still reported
 *       are rewritten (new S3 version: MODIFY), the new one is an INSERT;</li>
 *   <li>the two findings the later scan no longer reports are retired by the ingest (the shipped rules make
 *       {@code trivy/} a snapshot of {@code ${ArtifactName}}): REMOVE with the old image, fixed;</li>
 *   <li>one Kinesis record that is not an envelope (a dead letter), and the receiver answering 20% of requests with
 *       503 (HEC failures and retries).</li>
 * </ol>
 * Findings now: trivy 5 open (3 critical, 1 high, 1 medium), grype 6 (low) = 11; changes: 13 INSERT, 4 MODIFY,
 * 2 REMOVE. Numbers that depend on timing (delays, time to fix, duplicates, HEC failures) are computed from the
 * receiver's raw JSON by plain Java here, never by SPL.
 */
class DashboardNumbersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRIVY_KEY = "trivy/alpine-39.json";
    private static final String TRIVY_DEST = "testdata/fixtures/images/alpine-39.tar.gz";

    @TempDir
    Path dir;

    @Test
    void knownSequence_everyPanelShowsTheHandComputedNumbers() throws Exception {
        Path repo = AppFiles.repo();
        Path trivy = repo.resolve("ingest-lambda/src/test/resources/fixtures/vuln-scans/trivy-alpine-39.json");
        Path grype = repo.resolve("ingest-lambda/src/test/resources/fixtures/vuln-scans/grype-keycloak.json");
        LocalPipeline.Options options = new LocalPipeline.Options(
                null, repo.resolve("config/pipeline.json"), "scans", dir.resolve("pipeline.log"));
        Path events;
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            pipeline.hecReceiver()
                    .faults(io.scanpipeline.local.emulator.hec.HecFaults.none()
                            .withBusyRate(0.2)
                            .withSeed(11));
            pipeline.aws().s3().putObject(r -> r.bucket("scans").key(TRIVY_KEY), trivy);
            pipeline.aws().s3().putObject(r -> r.bucket("scans").key("grype/keycloak.json"), grype);
            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3))).isTrue();

            pipeline.aws()
                    .s3()
                    .putObject(r -> r.bucket("scans").key(TRIVY_KEY), RequestBody.fromBytes(laterScan(trivy)));
            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3))).isTrue();

            // the later scan retired what it no longer reports (config/pipeline.json: trivy/ is a snapshot of
            // ${ArtifactName}): both CVE-2019-1549 items are gone from the table, by the ingest itself
            for (String pkg : List.of("libcrypto1.1", "libssl1.1")) {
                String pk = TRIVY_DEST + " (alpine 3.9.4)#CVE-2019-1549#" + pkg + "#1.1.1b-r1";
                assertThat(pipeline.aws()
                                .dynamoDb()
                                .getItem(r -> r.tableName("Findings")
                                        .consistentRead(true)
                                        .key(Map.of("pk", AttributeValue.fromS(pk))))
                                .hasItem())
                        .as(pk)
                        .isFalse();
            }
            assertThat(pipeline.hecEventIds())
                    .as("13 INSERT + 4 MODIFY + 2 REMOVE")
                    .isEqualTo(19);

            pipeline.aws()
                    .kinesisClient()
                    .putRecord(r -> r.streamName(pipeline.changeStream())
                            .partitionKey("x")
                            .data(SdkBytes.fromUtf8String("not an envelope")));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (pipeline.sinkDeadLettered() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(pipeline.sinkDeadLettered()).isEqualTo(1);
            events = pipeline.hecEventsFile();
        } // a graceful stop: the sink's last health event is confirmed before the receiver stops

        List<JsonNode> received = new ArrayList<>();
        for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
            received.add(JSON.readTree(line));
        }
        SplunkApp app = SplunkApp.load(AppFiles.dir());
        SearchEngine search =
                new SearchEngine(app, EventIndex.fromReceiverFile(events, HecDefaults.local(), app), Clock.systemUTC());

        findingsDashboard(search, received);
        pipelineHealthDashboard(search, received);
    }

    private static void findingsDashboard(SearchEngine search, List<JsonNode> received) {
        Panels findings = new Panels(search, "findings");

        // open findings now: trivy critical 3 (musl, musl-utils, new musl CVE), high 1, medium 1; grype low 6
        assertThat(findings.column("ds_open_by_severity", "severity", "count"))
                .isEqualTo(Map.of("critical", "3", "high", "1", "medium", "1", "low", "6"));

        // new vs fixed: 6 + 6 + 1 INSERT, 2 REMOVE (summed over the hourly buckets the run may straddle)
        SearchResult newVsFixed = findings.run("ds_new_vs_fixed");
        assertThat(sum(newVsFixed, "new")).isEqualTo(13L);
        assertThat(sum(newVsFixed, "fixed")).isEqualTo(2L);

        // top dest: the image (5 open, 3 critical, 1 high, 3 CVEs); Grype's matches do not name their image, so its
        // findings count under the scan file (6 open)
        SearchResult top = findings.run("ds_top_dest");
        Map<String, SearchResult.Row> byDest = new HashMap<>();
        top.rows().forEach(row -> byDest.put(row.value("dest"), row));
        assertThat(byDest.keySet()).containsExactlyInAnyOrder(TRIVY_DEST, "grype/keycloak.json");
        assertThat(top.rows().get(0).value("dest")).as("most critical first").isEqualTo(TRIVY_DEST);
        SearchResult.Row image = byDest.get(TRIVY_DEST);
        assertThat(image.value("open_findings")).isEqualTo("5");
        assertThat(image.value("critical")).isEqualTo("3");
        assertThat(image.value("high")).isEqualTo("1");
        assertThat(image.value("signatures")).isEqualTo("3");
        assertThat(image.values("scanners")).containsExactly("Aqua Security Trivy");
        assertThat(byDest.get("grype/keycloak.json").value("open_findings")).isEqualTo("6");
        assertThat(byDest.get("grype/keycloak.json").value("critical")).isEqualTo("0");

        // by scanner: chart count over vendor_product by severity
        SearchResult byScanner = findings.run("ds_by_scanner");
        Map<String, Map<String, String>> chart = new TreeMap<>();
        for (SearchResult.Row row : byScanner.rows()) {
            Map<String, String> cells = new TreeMap<>();
            for (String field : byScanner.fields()) {
                String value = row.value(field);
                if (!field.equals("vendor_product") && value != null && !value.equals("0")) {
                    cells.put(field, value);
                }
            }
            chart.put(row.value("vendor_product"), cells);
        }
        assertThat(chart)
                .isEqualTo(Map.of(
                        "Aqua Security Trivy",
                        Map.of("critical", "3", "high", "1", "medium", "1"),
                        "Anchore Grype",
                        Map.of("low", "6")));

        // time to fix: both CVE-2019-1549 findings were MEDIUM; hours from their INSERT to their REMOVE
        SearchResult fix = findings.run("ds_time_to_fix");
        assertThat(fix.rows()).hasSize(1);
        SearchResult.Row medium = fix.rows().get(0);
        assertThat(medium.value("severity")).isEqualTo("medium");
        assertThat(medium.value("fixed")).isEqualTo("2");
        // the panel shows hours rounded to two decimals (round(avg_hours, 2)), as Splunk's round does: half away
        // from zero
        assertThat(new java.math.BigDecimal(medium.value("avg_hours")))
                .isEqualByComparingTo(new java.math.BigDecimal(averageHoursToFix(received))
                        .setScale(2, java.math.RoundingMode.HALF_UP));
    }

    private static void pipelineHealthDashboard(SearchEngine search, List<JsonNode> received) {
        Panels health = new Panels(search, "pipeline_health");
        List<JsonNode> changes = received.stream()
                .filter(r -> r.path("hec").path("sourcetype").asText().matches("scan:(finding|employee)"))
                .toList();
        List<JsonNode> healthEvents = received.stream()
                .filter(r -> r.path("hec").path("sourcetype").asText().equals("scan:pipeline:health"))
                .toList();

        // events per minute: every delivery, by change kind, summed over the minutes
        Map<String, Integer> deliveriesByKind = new TreeMap<>();
        changes.forEach(r -> deliveriesByKind.merge(
                r.path("hec").path("fields").path("scanpipeline_event_name").asText(), 1, Integer::sum));
        SearchResult perMinute = health.run("ds_events_per_minute");
        for (Map.Entry<String, Integer> kind : deliveriesByKind.entrySet()) {
            assertThat(sum(perMinute, kind.getKey())).as(kind.getKey()).isEqualTo((long) kind.getValue());
        }
        assertThat(deliveriesByKind.get("INSERT")).isGreaterThanOrEqualTo(13);

        // deliveries, distinct changes, duplicates: Findings only (no employees in this run)
        Set<String> distinct = new HashSet<>();
        changes.forEach(
                r -> distinct.add(r.path("hec").path("event").path("eventId").asText()));
        SearchResult duplicates = health.run("ds_duplicates");
        assertThat(duplicates.rows()).hasSize(1);
        SearchResult.Row row = duplicates.rows().get(0);
        assertThat(row.value("table")).isEqualTo("Findings");
        assertThat(row.value("deliveries")).isEqualTo(String.valueOf(changes.size()));
        assertThat(row.value("changes")).isEqualTo("19").isEqualTo(String.valueOf(distinct.size()));
        assertThat(row.value("duplicates")).isEqualTo(String.valueOf(changes.size() - 19));

        // end-to-end delay: the largest (index time - change time), over the buckets
        double maxDelay = changes.stream()
                .mapToDouble(r -> Instant.parse(r.path("receivedAt").asText()).getEpochSecond()
                        - r.path("hec")
                                        .path("event")
                                        .path("approximateCreationEpochMillis")
                                        .asLong()
                                / 1000.0)
                .max()
                .orElseThrow();
        SearchResult delay = health.run("ds_delay");
        double panelMax = delay.rows().stream()
                .map(r -> r.value("max"))
                .filter(v -> v != null && !v.isEmpty())
                .mapToDouble(Double::parseDouble)
                .max()
                .orElseThrow();
        assertThat(panelMax).isCloseTo(maxDelay, within(0.001));

        // dead letters and HEC failures: the sums of the workers' health events
        long deadLettered = healthEvents.stream()
                .mapToLong(r -> r.path("hec").path("event").path("deadLettered").asLong())
                .sum();
        long hecFailures = healthEvents.stream()
                .mapToLong(r -> r.path("hec").path("event").path("hecFailures").asLong())
                .sum();
        assertThat(deadLettered).as("the one record that is not an envelope").isEqualTo(1);
        assertThat(hecFailures).as("the receiver refused 20% of requests").isPositive();
        SearchResult totals = health.run("ds_failures_total");
        assertThat(totals.rows().get(0).value("dead_letters")).isEqualTo("1");
        assertThat(totals.rows().get(0).value("hec_failures")).isEqualTo(String.valueOf(hecFailures));
        // the worst lag any worker reported, over the buckets; a worker that has read no shard with a known lag
        // leaves the field out (kinesis-mock may not report MillisBehindLatest): then the panel has no value either
        java.util.OptionalLong maxLag = healthEvents.stream()
                .filter(r -> r.path("hec").path("event").has("maxLagMillis"))
                .mapToLong(r -> r.path("hec").path("event").path("maxLagMillis").asLong())
                .max();
        SearchResult lag = health.run("ds_lag");
        assertThat(lag.rows().stream()
                        .map(r -> r.value("max_lag_ms"))
                        .filter(v -> v != null && !v.isEmpty())
                        .mapToLong(Long::parseLong)
                        .max())
                .isEqualTo(maxLag);
        SearchResult failures = health.run("ds_failures");
        assertThat(sum(failures, "dead_letters")).isEqualTo(1L);
        assertThat(sum(failures, "hec_failures")).isEqualTo(hecFailures);
    }

    /** The later scan of the image: see the class comment. */
    private static byte[] laterScan(Path trivy) throws Exception {
        ObjectNode report = (ObjectNode) JSON.readTree(trivy.toFile());
        ArrayNode vulnerabilities = (ArrayNode) report.path("Results").get(0).path("Vulnerabilities");
        ArrayNode later = JSON.createArrayNode();
        ObjectNode musl = null;
        for (JsonNode v : vulnerabilities) {
            String id = v.path("VulnerabilityID").asText();
            if (id.equals("CVE-2019-1549")) {
                continue;
            }
            ObjectNode copy = v.deepCopy();
            if (id.equals("CVE-2019-1551") && v.path("PkgName").asText().equals("libssl1.1")) {
                copy.put("Severity", "HIGH");
            }
            if (v.path("PkgName").asText().equals("musl")) {
                musl = copy;
            }
            later.add(copy);
        }
        ObjectNode added = musl.deepCopy();
        added.put("VulnerabilityID", "CVE-2026-0001");
        added.put("Severity", "CRITICAL");
        added.put("Title", "a finding the first scan did not report");
        later.add(added);
        ((ObjectNode) report.path("Results").get(0)).set("Vulnerabilities", later);
        return JSON.writeValueAsBytes(report);
    }

    /** Mean over the fixed items of (REMOVE time - first INSERT time), in hours, from the envelopes' times. */
    private static double averageHoursToFix(List<JsonNode> received) {
        Map<String, Long> inserted = new HashMap<>();
        Map<String, Long> removed = new HashMap<>();
        for (JsonNode r : received) {
            JsonNode envelope = r.path("hec").path("event");
            String item = r.path("hec").path("fields").path("scanpipeline_item").asText();
            long at = envelope.path("approximateCreationEpochMillis").asLong();
            switch (envelope.path("eventName").asText()) {
                case "INSERT" -> inserted.merge(item, at, Math::min);
                case "REMOVE" -> removed.merge(item, at, Math::max);
                default -> {}
            }
        }
        assertThat(removed).hasSize(2);
        return removed.entrySet().stream()
                .mapToDouble(e -> (e.getValue() - inserted.get(e.getKey())) / 3_600_000.0)
                .average()
                .orElseThrow();
    }

    private static long sum(SearchResult result, String field) {
        return result.rows().stream()
                .map(r -> r.value(field))
                .filter(v -> v != null && !v.isEmpty())
                .mapToLong(v -> Math.round(Double.parseDouble(v)))
                .sum();
    }

    /** The data sources of one dashboard, run as the dashboard first runs them (input defaults, default range). */
    private record Panels(SearchEngine search, DashboardSearches.View view) {
        Panels(SearchEngine search, String name) {
            this(
                    search,
                    DashboardSearches.views().stream()
                            .filter(v -> v.name().equals(name))
                            .findFirst()
                            .orElseThrow());
        }

        SearchResult run(String dataSource) {
            DashboardSearches.Search panel = view.searches().stream()
                    .filter(s -> s.id().equals(dataSource))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no data source " + dataSource));
            Map<String, String> defaults = DashboardSearches.inputDefaults(view);
            String[] range = defaults.getOrDefault("global_time", "-24h@h,now").split(",");
            return search.search(DashboardSearches.withInputDefaults(panel.spl(), defaults), range[0], range[1]);
        }

        Map<String, String> column(String dataSource, String key, String value) {
            Map<String, String> map = new TreeMap<>();
            run(dataSource).rows().forEach(r -> map.put(r.value(key), r.value(value)));
            return map;
        }
    }
}
