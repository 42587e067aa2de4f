package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The severity lookup against what the scanners really emit: every (scanner, Severity) of the items the ingest makes
 * from the scanner fixtures ({@link FixtureItems}) must have a row (matched case-insensitively, as transforms.conf
 * says).
 */
class SeverityLookupCoverageTest {

    @Test
    void severityLookup_hasRowsForEveryScannerOfThePipelineConfig() throws IOException {
        Set<String> scanners = new TreeSet<>();
        for (JsonNode rule : FixtureItems.pipelineRules()) {
            if (rule.path("table").asText().equals("Findings")) {
                scanners.add(FixtureItems.scanner(rule));
            }
        }
        Set<String> inLookup = new TreeSet<>();
        SeverityLookup.rows().forEach(row -> inLookup.add(row.split(",")[0]));
        assertThat(scanners)
                .containsExactlyInAnyOrder(
                        "trivy", "grype", "osv", "inspector", "nuclei", "checkmarx", "tenable", "asff");
        assertThat(inLookup).containsAll(scanners);
    }

    @Test
    void severityLookup_coversEverySeverityTheScannerFixturesEmit() throws IOException {
        Set<String> rows = new TreeSet<>();
        SeverityLookup.rows().forEach(row -> {
            String[] cells = row.split(",");
            rows.add(cells[0] + "," + cells[1].toLowerCase(Locale.ROOT));
        });
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        FixtureItems.byScanner()
                .forEach((scanner, items) -> items.forEach(item -> {
                    AttributeValue severity = item.get("Severity");
                    seen.computeIfAbsent(scanner, s -> new TreeSet<>())
                            .add(severity == null ? "unspecified" : severity.s() != null ? severity.s() : severity.n());
                }));
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
        assertThat(missing)
                .as("(scanner, vendor severity) pairs the lookup lacks")
                .isEmpty();
    }
}
