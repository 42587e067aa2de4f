package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The props' CIM EVALs against the items the ingest really makes from each scanner's fixtures (the projections of
 * config/pipeline.json): the attributes an EVAL reads by name must be ones those items have, else the CIM field is
 * silently null in Splunk.
 */
class CimMappingTest {

    private static final Pattern NEW_IMAGE = Pattern.compile("'newImage\\.([^']+)'");
    private final Map<String, String> props = AppFiles.conf("props.conf").stanza("scan:finding");

    @Test
    void everyFindingOfEveryScanner_getsASignatureAndASignatureId() {
        List<String> missing = new ArrayList<>();
        for (String field : List.of("signature", "signature_id")) {
            List<String> attributes = attributesRead("EVAL-" + field);
            FixtureItems.byScanner().forEach((scanner, items) -> {
                long without = items.stream()
                        .filter(item -> attributes.stream().noneMatch(a -> present(item, a)))
                        .count();
                if (without > 0) {
                    missing.add(scanner + ": " + without + " of " + items.size() + " findings have no " + field
                            + " (reads " + attributes + ")");
                }
            });
        }
        assertThat(FixtureItems.byScanner())
                .hasSize(8)
                .allSatisfy((scanner, items) -> assertThat(items).as(scanner).isNotEmpty());
        assertThat(missing).isEmpty();
    }

    @Test
    void dest_isTheAffectedAssetWhereTheProjectionHasOneAndTheScanFileOtherwise() {
        List<String> attributes = attributesRead("EVAL-dest");
        assertThat(props.get("EVAL-dest")).contains("'source.key'");
        for (String scanner : List.of("trivy", "nuclei", "tenable", "inspector", "asff")) {
            List<Map<String, AttributeValue>> items = FixtureItems.byScanner().get(scanner);
            long withAsset = items.stream()
                    .filter(item -> attributes.stream().anyMatch(a -> present(item, a)))
                    .count();
            assertThat(withAsset)
                    .as(scanner + " findings with one of " + attributes)
                    .isEqualTo(items.size());
        }
        for (String scanner : List.of("grype", "osv", "checkmarx")) {
            // documented fallback: Grype's image name is after the matches, not streamable; OSV and Checkmarx
            // records have no asset field the projection can reach
            long withAsset = FixtureItems.byScanner().get(scanner).stream()
                    .filter(item -> attributes.stream().anyMatch(a -> present(item, a)))
                    .count();
            assertThat(withAsset)
                    .as(scanner + " falls back to the scan file key")
                    .isZero();
        }
    }

    @Test
    void cveAndCvss_comeFromTheScannersThatCarryThem() {
        List<String> cvss = attributesRead("EVAL-cvss");
        for (String scanner : List.of("trivy", "tenable", "inspector", "checkmarx")) {
            assertThat(FixtureItems.byScanner().get(scanner))
                    .as(scanner + " cvss")
                    .anyMatch(item -> cvss.stream()
                            .anyMatch(a -> item.containsKey(a) && item.get(a).n() != null));
        }
        for (String scanner : List.of("trivy", "grype", "inspector", "checkmarx")) {
            assertThat(FixtureItems.byScanner().get(scanner))
                    .as(scanner + " cve")
                    .anyMatch(item -> present(item, "VulnerabilityID")
                            && item.get("VulnerabilityID").s().matches("CVE-[0-9]+-[0-9]+"));
        }
    }

    private List<String> attributesRead(String eval) {
        List<String> attributes = new ArrayList<>();
        Matcher m = NEW_IMAGE.matcher(props.get(eval));
        while (m.find()) {
            attributes.add(m.group(1));
        }
        assertThat(attributes).as(eval + " reads image attributes").isNotEmpty();
        return attributes;
    }

    private static boolean present(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value != null && ((value.s() != null && !value.s().isBlank()) || value.n() != null);
    }
}
