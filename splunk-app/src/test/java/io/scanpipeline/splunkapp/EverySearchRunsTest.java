package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.splunk.search.SearchEngine;
import io.scanpipeline.splunk.search.SearchResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every search of every dashboard, and every macro, parses and runs on the search stand-in (which refuses, by name,
 * any command, function or argument it does not know) over findings delivered through the sink's HEC client: an
 * INSERT per finding of a Trivy and a Grype scan, a MODIFY and a REMOVE. What the numbers must be is
 * {@link DashboardNumbersIT}'s and {@link CimVulnerabilitiesTest}'s business; here: nothing is refused.
 */
class EverySearchRunsTest {

    @TempDir
    Path dir;

    @Test
    void everyDashboardSearchAndEveryMacro_parsesAndRunsOnDeliveredFindings() throws Exception {
        Instant now = Instant.now();
        Path fixtures = AppFiles.repo().resolve("ingest-lambda/src/test/resources/fixtures/vuln-scans");
        try (FindingsThroughHec pipeline = new FindingsThroughHec(dir)) {
            Map<String, Map<String, AttributeValue>> trivy = pipeline.upload(
                    fixtures.resolve("trivy-alpine-39.json"), "trivy/alpine-39.json", now.minusSeconds(3600));
            pipeline.upload(fixtures.resolve("grype-keycloak.json"), "grype/keycloak.json", now.minusSeconds(1800));
            Map<String, AttributeValue> item = trivy.values().iterator().next();
            Map<String, AttributeValue> raised = new java.util.LinkedHashMap<>(item);
            raised.put("Severity", AttributeValue.fromS("CRITICAL"));
            Map<String, AttributeValue> key = Map.of("pk", item.get("pk"));
            pipeline.deliver(List.of(
                    ChangeEnvelope.of(
                            ChangeEnvelope.EventName.MODIFY,
                            "Findings",
                            key,
                            raised,
                            item,
                            "900000001",
                            now.minusSeconds(600)),
                    ChangeEnvelope.of(
                            ChangeEnvelope.EventName.REMOVE,
                            "Findings",
                            key,
                            null,
                            raised,
                            "900000002",
                            now.minusSeconds(60))));
            SearchEngine search = pipeline.search(Clock.systemUTC());

            List<String> ran = new ArrayList<>();
            for (DashboardSearches.View view : DashboardSearches.views()) {
                Map<String, String> defaults = DashboardSearches.inputDefaults(view);
                String[] range =
                        defaults.getOrDefault("global_time", "-24h@h,now").split(",");
                for (DashboardSearches.Search panel : view.searches()) {
                    String spl = DashboardSearches.withInputDefaults(panel.spl(), defaults);
                    SearchResult[] result = new SearchResult[1];
                    assertThatCode(() -> result[0] = search.search(spl, range[0], range[1]))
                            .as(panel.where())
                            .doesNotThrowAnyException();
                    assertThat(result[0].fields()).as(panel.where()).isNotNull();
                    ran.add(panel.where());
                }
            }
            assertThat(ran).hasSizeGreaterThanOrEqualTo(11);
            Macros macros = Macros.of(AppFiles.conf("macros.conf"));
            for (Macros.Macro macro : macros.all()) {
                String call = macro.args().isEmpty()
                        ? "`" + macro.name() + "`"
                        : "`" + macro.name() + "("
                                + String.join(
                                        ",", Collections.nCopies(macro.args().size(), "x")) + ")`";
                assertThatCode(() -> search.search(call + " | stats count", null, null))
                        .as(call)
                        .doesNotThrowAnyException();
            }
            // the findings macro really selects the findings: 6 + 6 INSERT, 1 MODIFY, 1 REMOVE
            assertThat(search.search("`scan_pipeline_findings` | stats count", null, null)
                            .rows()
                            .get(0)
                            .value("count"))
                    .isEqualTo("14");
        }
    }
}
