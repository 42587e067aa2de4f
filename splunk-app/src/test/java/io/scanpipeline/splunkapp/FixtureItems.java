package io.scanpipeline.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.item.RecordRejectedException;
import io.scanpipeline.ingest.read.MalformedInput;
import io.scanpipeline.ingest.read.RecordReader;
import io.scanpipeline.ingest.read.RecordVisitor;
import io.scanpipeline.ingest.read.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB items the ingest makes from the real scanner outputs in ingest-lambda's fixtures: each fixture read
 * with the ingest's own RecordReader and ItemBuilder under the rule of config/pipeline.json its upload key picks.
 * Records the ingest would quarantine are left out (they never reach Splunk).
 */
final class FixtureItems {

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

    private static Map<String, List<Map<String, AttributeValue>>> cached;

    private FixtureItems() {}

    /** scanner -> the items of its fixtures. */
    static synchronized Map<String, List<Map<String, AttributeValue>>> byScanner() {
        if (cached == null) {
            try {
                cached = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    private static Map<String, List<Map<String, AttributeValue>>> read() throws IOException {
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "INGEST_RULES_FILE",
                AppFiles.repo().resolve("config/pipeline.json").toString()));
        Map<String, List<Map<String, AttributeValue>>> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> fixture : UPLOAD_KEYS.entrySet()) {
            String key = fixture.getValue();
            IngestRule rule = config.ruleFor(key);
            String scanner = rule.scanner()
                    .orElseThrow(() ->
                            new AssertionError("config/pipeline.json: the rule for " + key + " names no scanner"));
            Path file = FIXTURES.resolve(fixture.getKey());
            SourceObject source = new SourceObject("scans", key, Optional.empty(), Optional.empty(), Files.size(file));
            result.computeIfAbsent(scanner, s -> new ArrayList<>()).addAll(items(rule, file, source));
        }
        return result;
    }

    /**
     * The items the ingest makes from {@code file} under {@code rule}, in file order, with the ingest's own
     * RecordReader and ItemBuilder; records it would quarantine are left out. A malformed file is an error: the
     * fixtures are valid input.
     */
    static List<Map<String, AttributeValue>> items(IngestRule rule, Path file, SourceObject source) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        ItemBuilder builder = new ItemBuilder();
        try (InputStream in = Files.newInputStream(file)) {
            new RecordReader(rule.recordPaths(), rule.format()).read(in, new RecordVisitor() {
                @Override
                public void record(SourceRecord record) {
                    try {
                        items.add(builder.build(rule, record.value(), record.context(), source, record.index())
                                .item());
                    } catch (RecordRejectedException quarantined) {
                        // the ingest quarantines it: it never reaches Splunk
                    }
                }

                @Override
                public void malformed(MalformedInput problem) {
                    throw new AssertionError(file + " is valid input: " + problem);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    static JsonNode pipelineRules() throws IOException {
        return new ObjectMapper()
                .readTree(AppFiles.repo().resolve("config/pipeline.json").toFile())
                .path("rules");
    }

    /** The rule's "scanner", which every scan rule of config/pipeline.json names. */
    static String scanner(JsonNode rule) {
        if (!rule.hasNonNull("scanner")) {
            throw new AssertionError("config/pipeline.json: rule " + rule.path("prefix") + " names no scanner");
        }
        return rule.get("scanner").asText();
    }
}
