package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.ItemBuilder;
import io.scanpipeline.ingest.MalformedInput;
import io.scanpipeline.ingest.RecordReader;
import io.scanpipeline.ingest.RecordRejectedException;
import io.scanpipeline.ingest.RecordVisitor;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The severity lookup against what the scanners really emit: every scanner fixture is read with the ingest's own
 * RecordReader and ItemBuilder under the rules of config/pipeline.json, and every (scanner, Severity) of the items
 * must have a row (matched case-insensitively, as transforms.conf says).
 */
class SeverityLookupCoverageTest {

    private static final Path FIXTURES = AppFiles.repo().resolve("ingest-lambda/src/test/resources/fixtures");
    /** fixture -> the S3 key it would be uploaded as (which picks its rule). */
    private static final Map<String, String> UPLOAD_KEYS = new LinkedHashMap<>();

    static {
        UPLOAD_KEYS.put("vuln-scans/trivy-alpine-39.json", "trivy/alpine-39.json");
        UPLOAD_KEYS.put("vuln-scans/trivy-legacy-toplevel-array.json", "trivy/legacy.json");
        UPLOAD_KEYS.put("vuln-scans/trivy-helm-testchart-misconfig.json", "trivy-config/helm.json");
        UPLOAD_KEYS.put("vuln-scans/trivy-k8s-resources.json", "trivy-k8s/cluster.json");
        UPLOAD_KEYS.put("vuln-scans/grype-keycloak.json", "grype/keycloak.json");
        UPLOAD_KEYS.put("vuln-scans/osv-scanner-results.json", "osv/results.json");
        UPLOAD_KEYS.put("vuln-scans/osv-scanner-many-findings.json", "osv/many.json");
        UPLOAD_KEYS.put("vuln-scans/inspector2-findings.json", "inspector/findings.json");
        UPLOAD_KEYS.put("vuln-scans/nuclei-findings.ndjson", "nuclei/findings.ndjson");
        UPLOAD_KEYS.put("vuln-scans/checkmarx-one-results-bigint.json", "checkmarx/results.json");
        UPLOAD_KEYS.put("vuln-scans/tenable-io-vuln-export-chunk.json", "tenable/chunk.json");
        UPLOAD_KEYS.put("asff/asff-config-lowercase-findings.json", "asff/config.json");
        UPLOAD_KEYS.put("asff/asff-securityhub-guardduty.json", "asff/guardduty.json");
        UPLOAD_KEYS.put("asff/asff-securityhub-inspector-ecr.json", "asff/inspector-ecr.json");
        UPLOAD_KEYS.put("asff/asff-trivy-alpine-310.json", "asff/trivy.json");
        UPLOAD_KEYS.put("asff/asff-inspector-toplevel-array.json", "asff-list/inspector.json");
    }

    @Test
    void severityLookup_hasRowsForEveryScannerOfThePipelineConfig() throws IOException {
        Set<String> scanners = new TreeSet<>();
        for (JsonNode rule : pipelineRules()) {
            if (rule.path("table").asText().equals("Findings")) {
                scanners.add(scanner(rule));
            }
        }
        Set<String> inLookup = new TreeSet<>();
        SeverityLookup.rows().forEach(row -> inLookup.add(row.split(",")[0]));
        assertThat(scanners).containsExactlyInAnyOrder("trivy", "grype", "osv", "inspector", "nuclei", "checkmarx",
                "tenable", "asff");
        assertThat(inLookup).containsAll(scanners);
    }

    @Test
    void severityLookup_coversEverySeverityTheScannerFixturesEmit() throws IOException {
        Set<String> rows = new TreeSet<>();
        SeverityLookup.rows().forEach(row -> {
            String[] cells = row.split(",");
            rows.add(cells[0] + "," + cells[1].toLowerCase(Locale.ROOT));
        });
        Map<String, Set<String>> seen = severitiesInFixtures();
        Set<String> missing = new TreeSet<>();
        seen.forEach((scanner, severities) -> severities.forEach(severity -> {
            if (!rows.contains(scanner + "," + severity.toLowerCase(Locale.ROOT))) {
                missing.add(scanner + "," + severity);
            }
        }));
        // the fixtures really hold the awkward words (guards against reading nothing)
        assertThat(seen.get("nuclei")).contains("info");
        assertThat(seen.get("inspector")).contains("UNTRIAGED");
        assertThat(seen.get("trivy")).contains("UNKNOWN");
        assertThat(seen.get("asff")).contains("INFORMATIONAL");
        assertThat(seen.get("osv")).contains("MODERATE", "unspecified");
        assertThat(seen.keySet()).hasSize(8);
        assertThat(missing).as("(scanner, vendor severity) pairs the lookup lacks").isEmpty();
    }

    /** scanner -> the Severity values of its fixture items ("unspecified" for an item without one). */
    private static Map<String, Set<String>> severitiesInFixtures() throws IOException {
        IngestConfig config = IngestConfig.fromEnv(Map.of("INGEST_RULES_FILE",
                AppFiles.repo().resolve("config/pipeline.json").toString()));
        Map<String, JsonNode> rulesByPrefix = new LinkedHashMap<>();
        for (JsonNode rule : pipelineRules()) {
            rulesByPrefix.put(rule.path("prefix").asText(), rule);
        }
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        ItemBuilder builder = new ItemBuilder();
        for (Map.Entry<String, String> fixture : UPLOAD_KEYS.entrySet()) {
            String key = fixture.getValue();
            IngestRule rule = config.ruleFor(key);
            String prefix = key.substring(0, key.indexOf('/') + 1);
            String scanner = scanner(rulesByPrefix.get(prefix));
            Path file = FIXTURES.resolve(fixture.getKey());
            SourceObject source = new SourceObject("scans", key, Optional.empty(), Optional.empty(), Files.size(file));
            Set<String> severities = seen.computeIfAbsent(scanner, s -> new TreeSet<>());
            try (InputStream in = Files.newInputStream(file)) {
                new RecordReader(rule.recordPaths(), rule.format()).read(in, new RecordVisitor() {
                    @Override
                    public void record(SourceRecord record) {
                        Map<String, AttributeValue> item;
                        try {
                            item = builder.build(rule, record.value(), record.context(), source, record.index())
                                    .item();
                        } catch (RecordRejectedException quarantined) {
                            return; // the ingest quarantines it: it never reaches Splunk
                        }
                        AttributeValue severity = item.get("Severity");
                        severities.add(severity == null ? "unspecified"
                                : severity.s() != null ? severity.s() : severity.n());
                    }

                    @Override
                    public void malformed(MalformedInput problem) {
                        throw new AssertionError(fixture.getKey() + " is valid input: " + problem);
                    }
                });
            }
        }
        return seen;
    }

    private static JsonNode pipelineRules() throws IOException {
        return new ObjectMapper().readTree(AppFiles.repo().resolve("config/pipeline.json").toFile()).path("rules");
    }

    /** The rule's "scanner" (the lead adds it to config/pipeline.json), else its prefix without -config, -k8s ... */
    private static String scanner(JsonNode rule) {
        if (rule.hasNonNull("scanner")) {
            return rule.get("scanner").asText();
        }
        String prefix = rule.path("prefix").asText().replace("/", "");
        return prefix.replaceFirst("-(config|k8s|list)$", "");
    }
}
