package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.splunk.search.SearchEngine;
import io.scanpipeline.splunk.search.SearchResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The CIM Vulnerabilities mapping, run: every third-party fixture goes through the pipeline's own code to the local
 * HEC receiver ({@link FindingsThroughHec}), and the app's searches run on the search stand-in with the app's own
 * props, lookups, eventtypes and tags. {@code eventtype=* tag=vulnerability tag=report} must return exactly the
 * current findings of each scanner, each once, with a CIM severity.
 *
 * <p>The expected numbers were computed by hand from the fixtures (python3 over the raw JSON, independent of the
 * pipeline's code): records at the rule's record path, distinct keys by the rule's key template (a later record with
 * the same key replaces the earlier one), and the count of each vendor severity word of the last record per key,
 * mapped to CIM by the words' meaning (e.g. Nuclei {@code info}, Inspector {@code UNTRIAGED}, Trivy {@code UNKNOWN}
 * and OSV findings without a severity are informational; OSV {@code MODERATE} is medium).
 */
class CimVulnerabilitiesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.000Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);
    private static final List<String> CIM_SEVERITIES = List.of("critical", "high", "informational", "low", "medium");

    @TempDir
    Path dir;

    record Upload(String fixture, String key) {
        Path file() {
            return AppFiles.repo()
                    .resolve("ingest-lambda/src/test/resources/fixtures")
                    .resolve(fixture);
        }
    }

    static Stream<Arguments> scanners() {
        return Stream.of(
                Arguments.of(
                        "trivy (image vulnerabilities)",
                        List.of(
                                new Upload("vuln-scans/trivy-alpine-39.json", "trivy/alpine-39.json"),
                                new Upload("vuln-scans/trivy-legacy-toplevel-array.json", "trivy/legacy.json")),
                        "Aqua Security Trivy",
                        // alpine-39: 2 CRITICAL, 4 MEDIUM; legacy: 18 HIGH, 9 MEDIUM, 65 LOW, 1 UNKNOWN
                        Map.of("critical", 2, "high", 18, "medium", 13, "low", 65, "informational", 1)),
                Arguments.of(
                        "trivy (misconfigurations, helm and k8s)",
                        List.of(
                                new Upload("vuln-scans/trivy-helm-testchart-misconfig.json", "trivy-config/helm.json"),
                                new Upload("vuln-scans/trivy-k8s-resources.json", "trivy-k8s/cluster.json")),
                        "Aqua Security Trivy",
                        // helm: 1 HIGH, 3 MEDIUM, 2 LOW; k8s: 1 HIGH, 5 MEDIUM, 31 LOW
                        Map.of("high", 2, "medium", 8, "low", 33)),
                Arguments.of(
                        "grype",
                        List.of(new Upload("vuln-scans/grype-keycloak.json", "grype/keycloak.json")),
                        "Anchore Grype",
                        Map.of("low", 6)),
                Arguments.of(
                        "osv-scanner",
                        List.of(
                                new Upload("vuln-scans/osv-scanner-results.json", "osv/results.json"),
                                new Upload("vuln-scans/osv-scanner-many-findings.json", "osv/many.json")),
                        "OSV-Scanner",
                        // results (11 ids): 2 HIGH, 2 MODERATE, 1 LOW, 6 without; many (64): 5 CRITICAL, 16 HIGH,
                        // 14 MODERATE, 29 without; no id in both files
                        Map.of("critical", 5, "high", 18, "medium", 16, "low", 1, "informational", 35)),
                Arguments.of(
                        "amazon inspector",
                        List.of(new Upload("vuln-scans/inspector2-findings.json", "inspector/findings.json")),
                        "Amazon Inspector",
                        Map.of("high", 2, "medium", 3, "low", 1, "informational", 2)),
                Arguments.of(
                        "nuclei",
                        List.of(new Upload("vuln-scans/nuclei-findings.ndjson", "nuclei/run.ndjson")),
                        // 27 lines, 3 without matched-at (quarantined), 14 distinct template-id#matched-at
                        "ProjectDiscovery Nuclei",
                        Map.of("critical", 1, "medium", 2, "low", 1, "informational", 10)),
                Arguments.of(
                        "checkmarx",
                        List.of(new Upload("vuln-scans/checkmarx-one-results-bigint.json", "checkmarx/results.json")),
                        "Checkmarx One",
                        Map.of("high", 8)),
                Arguments.of(
                        "tenable",
                        List.of(new Upload("vuln-scans/tenable-io-vuln-export-chunk.json", "tenable/chunk.json")),
                        "Tenable Vulnerability Management",
                        Map.of("high", 1)),
                Arguments.of(
                        "security hub asff",
                        List.of(
                                new Upload("asff/asff-config-lowercase-findings.json", "asff/config.json"),
                                new Upload("asff/asff-inspector-toplevel-array.json", "asff-list/inspector.json"),
                                new Upload("asff/asff-securityhub-guardduty.json", "asff/guardduty.json"),
                                new Upload("asff/asff-securityhub-inspector-ecr.json", "asff/ecr.json"),
                                new Upload("asff/asff-trivy-alpine-310.json", "asff/trivy.json")),
                        "AWS Security Hub",
                        // 3 INFORMATIONAL; 2 HIGH 3 MEDIUM; 2 MEDIUM 2 LOW; 1 CRITICAL 5 HIGH 1 MEDIUM; 2 MEDIUM (4 ->
                        // 2 ids)
                        Map.of("critical", 1, "high", 7, "medium", 8, "low", 2, "informational", 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scanners")
    void currentFindings_areTaggedVulnerabilityAndReport_onceEach_withACimSeverity(
            String scanner, List<Upload> uploads, String product, Map<String, Integer> expected) throws Exception {
        int items = 0;
        try (FindingsThroughHec pipeline = new FindingsThroughHec(dir)) {
            for (Upload upload : uploads) {
                items += pipeline.upload(upload.file(), upload.key(), T0).size();
            }
            SearchEngine search = pipeline.search(CLOCK);

            int total = expected.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(items).as("items the ingest made").isEqualTo(total);
            assertThat(counts(search, "eventtype=* tag=vulnerability tag=report | stats count by severity", "severity"))
                    .isEqualTo(new TreeMap<>(expected));
            SearchResult once = search.search(
                    "eventtype=* tag=vulnerability tag=report"
                            + " | stats count as events, dc(scanpipeline_item) as findings, values(vendor_product) as product,"
                            + " values(severity) as severities",
                    null,
                    null);
            assertThat(once.rows()).hasSize(1);
            assertThat(once.rows().get(0).value("events")).isEqualTo(String.valueOf(total));
            assertThat(once.rows().get(0).value("findings")).isEqualTo(String.valueOf(total));
            assertThat(once.rows().get(0).values("product")).containsExactly(product);
            assertThat(once.rows().get(0).values("severities")).isSubsetOf(CIM_SEVERITIES);
            // every CIM field ES reads for a finding is there
            SearchResult missing = search.search(
                    "eventtype=* tag=vulnerability tag=report"
                            + " | where isnull(signature) OR isnull(signature_id) OR isnull(dest) OR isnull(severity_id)"
                            + " OR isnull(vendor_severity) OR isnull(category) | stats count",
                    null,
                    null);
            assertThat(missing.rows().get(0).value("count"))
                    .as("findings lacking a CIM field")
                    .isEqualTo("0");
        }
    }

    @Test
    void fixedFindingsAndEmployeeRecords_areNotCurrentVulnerabilityReports() throws Exception {
        try (FindingsThroughHec pipeline = new FindingsThroughHec(dir)) {
            Map<String, Map<String, AttributeValue>> findings = pipeline.upload(
                    AppFiles.repo()
                            .resolve("ingest-lambda/src/test/resources/fixtures/vuln-scans/trivy-alpine-39.json"),
                    "trivy/alpine-39.json",
                    T0);
            pipeline.upload(AppFiles.repo().resolve("samples/employees.json"), "employees/staff.json", T0);
            Map<String, AttributeValue> fixed = findings.values().iterator().next();
            pipeline.deliver(List.of(ChangeEnvelope.of(
                    ChangeEnvelope.EventName.REMOVE,
                    "Findings",
                    Map.of("pk", fixed.get("pk")),
                    null,
                    fixed,
                    "900000000000000000001",
                    T0.plusSeconds(3600))));
            SearchEngine search = pipeline.search(CLOCK);

            assertThat(counts(
                            search,
                            "eventtype=* tag=vulnerability tag=report | stats count by scanpipeline_event_name",
                            "scanpipeline_event_name"))
                    .isEqualTo(Map.of("INSERT", 6));
            assertThat(counts(search, "index=* | stats count by scanpipeline_table", "scanpipeline_table"))
                    .isEqualTo(Map.of("Findings", 7, "Employees", 12));
            assertThat(counts(search, "scanpipeline_table=Employees tag=vulnerability | stats count", null))
                    .isEqualTo(Map.of("", 0));
            // the fixed finding keeps its CIM fields (from the old image) for time-to-fix, but is no report
            SearchResult removed =
                    search.search("scanpipeline_event_name=REMOVE | table severity, dest, tag", null, null);
            assertThat(removed.rows()).hasSize(1);
            assertThat(removed.rows().get(0).value("severity")).isIn(CIM_SEVERITIES);
            assertThat(removed.rows().get(0).values("tag")).doesNotContain("report");
        }
    }

    @Test
    void employeeRecords_arriveWithTheirOwnSourcetype_andGetNoVulnerabilityTagOrCimField() throws Exception {
        try (FindingsThroughHec pipeline = new FindingsThroughHec(dir)) {
            pipeline.upload(
                    AppFiles.repo()
                            .resolve("ingest-lambda/src/test/resources/fixtures/vuln-scans/trivy-alpine-39.json"),
                    "trivy/alpine-39.json",
                    T0);
            pipeline.upload(AppFiles.repo().resolve("samples/employees.json"), "employees/staff.json", T0);
            SearchEngine search = pipeline.search(CLOCK);

            assertThat(counts(search, "index=* | stats count by sourcetype", "sourcetype"))
                    .isEqualTo(Map.of("scan:finding", 6, "scan:employee", 12));
            assertThat(counts(
                            search,
                            "sourcetype=\"scan:employee\" | stats count by scanpipeline_table",
                            "scanpipeline_table"))
                    .isEqualTo(Map.of("Employees", 12));
            assertThat(counts(
                            search,
                            "sourcetype=\"scan:employee\" (tag=vulnerability OR tag=report OR eventtype=*)"
                                    + " | stats count",
                            null))
                    .isEqualTo(Map.of("", 0));
            assertThat(counts(
                            search,
                            "sourcetype=\"scan:employee\" | where isnotnull(vendor_product) "
                                    + "OR isnotnull(severity) OR isnotnull(signature) | stats count",
                            null))
                    .isEqualTo(Map.of("", 0));
            // the app's macros: every change includes the employees, findings never do
            assertThat(counts(search, "`scan_pipeline_changes` | stats count by sourcetype", "sourcetype"))
                    .isEqualTo(Map.of("scan:finding", 6, "scan:employee", 12));
            assertThat(counts(
                            search,
                            "`scan_pipeline_findings` | stats count by scanpipeline_table",
                            "scanpipeline_table"))
                    .isEqualTo(Map.of("Findings", 6));
        }
    }

    /** {@code field} value -> count of a {@code stats count by field} search ({@code ""} -> count without by). */
    private static Map<String, Integer> counts(SearchEngine search, String spl, String field) {
        Map<String, Integer> counts = new TreeMap<>();
        for (SearchResult.Row row : search.search(spl, null, null).rows()) {
            counts.put(field == null ? "" : row.value(field), Integer.parseInt(row.value("count")));
        }
        return counts;
    }
}
