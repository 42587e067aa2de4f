package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real scanner outputs: record counts, exact values, context, offsets; counts were taken with jq/python3. */
class RecordReaderFixturesTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("vuln-scans/trivy-alpine-39.json", "/Results/*/Vulnerabilities", 6, List.of()),
                Arguments.of(
                        "vuln-scans/trivy-helm-testchart-misconfig.json", "/Results/*/Misconfigurations", 6, List.of()),
                Arguments.of(
                        "vuln-scans/trivy-k8s-resources.json",
                        "/Resources/*/Results/*/Vulnerabilities,/Resources/*/Results/*/Misconfigurations",
                        37,
                        List.of("/Resources/*/Results/*/Vulnerabilities")),
                Arguments.of("vuln-scans/trivy-legacy-toplevel-array.json", "/", 1, List.of()),
                Arguments.of("vuln-scans/trivy-legacy-toplevel-array.json", "/*/Vulnerabilities", 93, List.of()),
                Arguments.of("vuln-scans/grype-keycloak.json", "/matches", 6, List.of()),
                Arguments.of(
                        "vuln-scans/osv-scanner-results.json", "/results/*/packages/*/vulnerabilities", 15, List.of()),
                Arguments.of(
                        "vuln-scans/osv-scanner-many-findings.json",
                        "/results/*/packages/*/vulnerabilities",
                        66,
                        List.of()),
                Arguments.of("vuln-scans/inspector2-findings.json", "/findings", 8, List.of()),
                Arguments.of("vuln-scans/nuclei-findings.ndjson", "/", 27, List.of()),
                Arguments.of("vuln-scans/checkmarx-one-results-bigint.json", "/results", 8, List.of()),
                Arguments.of("vuln-scans/tenable-io-vuln-export-chunk.json", "/", 1, List.of()),
                Arguments.of(
                        "asff/asff-config-lowercase-findings.json", "/Findings,/findings", 3, List.of("/Findings")),
                Arguments.of("asff/asff-securityhub-guardduty.json", "/Findings,/findings", 4, List.of("/findings")),
                Arguments.of(
                        "asff/asff-securityhub-inspector-ecr.json", "/Findings,/findings", 7, List.of("/findings")),
                Arguments.of("asff/asff-trivy-alpine-310.json", "/Findings,/findings", 4, List.of("/findings")),
                Arguments.of("asff/asff-inspector-toplevel-array.json", "/", 5, List.of()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("fixtures")
    void fixture_yieldsExactlyTheRecordsAtItsPath(String file, String spec, int expected, List<String> unmatched) {
        byte[] data = Fixtures.bytes(file);

        Fixtures.Capture got = Fixtures.read(spec, data);

        assertThat(got.malformed).isEmpty();
        assertThat(got.records).hasSize(expected);
        assertThat(got.summary.records()).isEqualTo(expected);
        assertThat(got.summary.malformed()).isZero();
        assertThat(got.summary.complete()).isTrue();
        assertThat(got.summary.bytesRead()).isEqualTo(data.length);
        assertThat(got.summary.gzip()).isFalse();
        assertThat(got.summary.format()).isEqualTo(file.endsWith(".ndjson") ? InputFormat.NDJSON : InputFormat.JSON);
        assertThat(got.summary.unmatchedPaths()).containsExactlyElementsOf(unmatched);
        if (!file.endsWith(".ndjson")) { // NDJSON is not one tree; its values are checked in the NDJSON test
            assertThat(got.values()).containsExactlyElementsOf(Fixtures.expectedRecords(data, spec));
        }
        assertThat(got.records)
                .extracting(SourceRecord::index)
                .containsExactlyElementsOf(LongStream.range(0, expected).boxed().toList());
        for (SourceRecord r : got.records) { // offsets and lines point at the record's first byte
            assertThat((char) data[(int) r.byteOffset()]).isEqualTo(r.value().isArray() ? '[' : '{');
            assertThat(r.line()).isEqualTo(1 + countNewlines(data, r.byteOffset()));
        }
    }

    @Test
    void nuclei_ndjson_isDetectedAndEachLineIsOneRecord() {
        byte[] data = Fixtures.bytes("vuln-scans/nuclei-findings.ndjson");

        Fixtures.Capture got = Fixtures.read("/", data);

        assertThat(got.summary.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(got.records).hasSize(27);
        assertThat(got.records)
                .extracting(SourceRecord::line)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 27).boxed().toList());
        assertThat(got.records.get(9).byteOffset()).isEqualTo(209_264); // sum of lines 1-9 + their newlines
        assertThat(got.records.get(0).value().get("template-id").asText()).isEqualTo("dvwa-default-login");
        assertThat(got.records.get(0).context()).isEmpty();
    }

    @Test
    void trivyVulnerability_contextHasItsTargetAndTheRootScalars() {
        Fixtures.Capture got =
                Fixtures.read("/Results/*/Vulnerabilities", Fixtures.bytes("vuln-scans/trivy-alpine-39.json"));

        JsonNode context = got.records.get(0).context();
        assertThat(context.get("Target").asText())
                .isEqualTo("testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)");
        assertThat(context.get("Class").asText()).isEqualTo("os-pkgs");
        assertThat(context.get("Type").asText()).isEqualTo("alpine");
        assertThat(context.get("ArtifactName").asText()).isEqualTo("testdata/fixtures/images/alpine-39.tar.gz");
        assertThat(context.get("SchemaVersion").intValue()).isEqualTo(2);
        assertThat(context.has("Metadata")).as("objects are not context").isFalse();
        assertThat(context.has("Trivy")).isFalse();
        assertThat(got.records.get(0).value().get("VulnerabilityID").asText()).isEqualTo("CVE-2019-1549");
    }

    @Test
    void k8sMisconfiguration_contextHasResourceResultAndCluster() {
        Fixtures.Capture got = Fixtures.read(
                "/Resources/*/Results/*/Misconfigurations", Fixtures.bytes("vuln-scans/trivy-k8s-resources.json"));

        JsonNode last = got.records.get(got.records.size() - 1).context();
        assertThat(last.get("Kind").asText()).isEqualTo("StatefulSet");
        assertThat(last.get("Name").asText()).isEqualTo("vault");
        assertThat(last.get("Namespace").asText()).isEqualTo("default");
        assertThat(last.get("Target").asText()).isEqualTo("StatefulSet/vault");
        assertThat(last.has("ClusterName")).isTrue();
    }

    @Test
    void checkmarx_integerBeyondLong_keepsEveryDigit_andFieldsAfterTheArrayAreNotContext() {
        Fixtures.Capture got =
                Fixtures.read("/results", Fixtures.bytes("vuln-scans/checkmarx-one-results-bigint.json"));

        JsonNode queryId = got.records.get(0).value().get("data").get("queryId");
        assertThat(queryId.isBigInteger()).isTrue();
        assertThat(queryId.bigIntegerValue()).isEqualTo(new BigInteger("14517067005933136034"));
        assertThat(queryId.toString()).isEqualTo("14517067005933136034");
        // totalCount and scanID follow "results" in the file: the reader does not look ahead
        assertThat(got.records.get(0).context().has("totalCount")).isFalse();
        assertThat(got.records.get(0).context().has("scanID")).isFalse();
    }

    @Test
    void inspectorScore_keepsItsDecimalScale() {
        Fixtures.Capture got = Fixtures.read("/findings", Fixtures.bytes("vuln-scans/inspector2-findings.json"));

        JsonNode score = got.records.get(2).value().get("inspectorScore");
        assertThat(score.isBigDecimal()).isTrue();
        assertThat(score.decimalValue()).isEqualTo(new BigDecimal("7.0")); // equals() compares the scale too
        assertThat(score.toString()).isEqualTo("7.0");
    }

    @Test
    void osvDetails_keepANonBmpCharacter() {
        Fixtures.Capture got = Fixtures.read(
                "/results/*/packages/*/vulnerabilities", Fixtures.bytes("vuln-scans/osv-scanner-many-findings.json"));

        JsonNode vuln = got.records.get(59).value();
        assertThat(vuln.get("id").asText()).isEqualTo("GHSA-8qpw-xqxj-h4r2");
        String details = vuln.get("details").asText();
        assertThat(details).contains("GET / HTTP/1.\uD835\uDFD9"); // U+1D7D9 MATHEMATICAL DOUBLE-STRUCK DIGIT ONE
        assertThat(details.codePointAt(1019)).isEqualTo(0x1D7D9);
    }

    @Test
    void gzipInput_givesTheSameRecords_detectedByMagicBytes() {
        byte[] data = Fixtures.bytes("vuln-scans/trivy-alpine-39.json");
        Fixtures.Capture plain = Fixtures.read("/Results/*/Vulnerabilities", data);

        Fixtures.Capture zipped = Fixtures.read("/Results/*/Vulnerabilities", Fixtures.gzip(data));

        assertThat(zipped.summary.gzip()).isTrue();
        assertThat(zipped.summary.bytesRead()).isEqualTo(data.length);
        assertThat(zipped.records).containsExactlyElementsOf(plain.records);
        assertThat(zipped.malformed).isEmpty();
    }

    @Test
    void gzipNdjson_isDetectedInsideTheCompression() {
        Fixtures.Capture got = Fixtures.read("/", Fixtures.gzip(Fixtures.bytes("vuln-scans/nuclei-findings.ndjson")));

        assertThat(got.summary.gzip()).isTrue();
        assertThat(got.summary.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(got.records).hasSize(27);
    }

    @Test
    void utf8Bom_isSkipped_andOffsetsCountIt() {
        byte[] data = Fixtures.bytes("vuln-scans/grype-keycloak.json");
        Fixtures.Capture plain = Fixtures.read("/matches", data);

        Fixtures.Capture bom =
                Fixtures.read("/matches", Fixtures.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, data));

        assertThat(bom.malformed).isEmpty();
        assertThat(bom.values()).containsExactlyElementsOf(plain.values());
        assertThat(bom.records.get(0).byteOffset())
                .isEqualTo(plain.records.get(0).byteOffset() + 3);
        assertThat(bom.records.get(0).line()).isEqualTo(plain.records.get(0).line());
    }

    @Test
    void bomAndGzipAndNdjson_together() {
        byte[] data = Fixtures.concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                Fixtures.bytes("vuln-scans/nuclei-findings.ndjson"));

        Fixtures.Capture got = Fixtures.read("/", Fixtures.gzip(data));

        assertThat(got.records).hasSize(27);
        assertThat(got.records.get(0).byteOffset()).isEqualTo(3);
    }

    private static long countNewlines(byte[] data, long upTo) {
        long n = 0;
        for (int i = 0; i < upTo; i++) {
            if (data[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
