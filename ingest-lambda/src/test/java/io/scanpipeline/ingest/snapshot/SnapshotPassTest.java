package io.scanpipeline.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.IngestRules;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.item.KeyAttribute;
import io.scanpipeline.ingest.item.RecordRejectedException;
import io.scanpipeline.ingest.item.TableTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotPassTest {

    private static final TableTarget FINDINGS = new TableTarget(
            "Findings",
            new KeyAttribute("pk", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S),
            Optional.empty());

    private final FakeScopeTable table = new FakeScopeTable();
    private final List<String> logged = new ArrayList<>();
    private final StructuredLog log = StructuredLog.to("test", logged::add);

    private static IngestRule rule(String snapshot) {
        return IngestRules.rule("trivy/", FINDINGS, "/Vulnerabilities", null, "${VulnerabilityID}", null, null, "")
                .withSnapshot(SnapshotScope.parse(snapshot));
    }

    private static SourceObject object(String key, String version) {
        return new SourceObject("scans", key, Optional.of(version), Optional.empty(), -1);
    }

    private static String scan(long millis, SourceObject object) {
        return ScanOrder.of(Instant.ofEpochMilli(millis), object);
    }

    /** Writes the records through the pass into the fake table as the writer would. */
    private void write(SnapshotPass pass, IngestRule rule, SourceObject object, String... records) throws Exception {
        pass.open();
        for (int i = 0; i < records.length; i++) {
            JsonNode record = Json.mapper().readTree(records[i]);
            ItemBuilder.BuiltItem built =
                    new ItemBuilder().build(rule, record, Json.mapper().createObjectNode(), object, i);
            ItemBuilder.BuiltItem tagged = pass.tag(built, record, Json.mapper().createObjectNode());
            if (tagged != null) {
                table.put(
                        tagged.key().partition(),
                        tagged.item().get(SnapshotScope.SCOPE_ATTRIBUTE).s(),
                        tagged.item().get(SnapshotScope.SCAN_ATTRIBUTE).s());
            }
        }
    }

    private SnapshotOutcome retire(SnapshotPass pass) throws Exception {
        try (ScopeRetirement retirement = new ScopeRetirement(table, 100, 2)) {
            return pass.retire(retirement, 0, () -> false, log);
        }
    }

    @Test
    void aNewerScanOfTheObject_retiresWhatItNoLongerReports() throws Exception {
        IngestRule rule = rule("object");
        SourceObject a = object("trivy/img.json", "v1");
        SnapshotPass passA = new SnapshotPass(rule, a, scan(1000, a), table);
        write(
                passA,
                rule,
                a,
                "{\"VulnerabilityID\":\"CVE-1\"}",
                "{\"VulnerabilityID\":\"CVE-2\"}",
                "{\"VulnerabilityID\":\"CVE-3\"}");
        retire(passA);
        SourceObject b = object("trivy/img.json", "v2");
        SnapshotPass passB = new SnapshotPass(rule, b, scan(2000, b), table);
        write(passB, rule, b, "{\"VulnerabilityID\":\"CVE-2\"}", "{\"VulnerabilityID\":\"CVE-4\"}");

        SnapshotOutcome outcome = retire(passB);

        assertThat(outcome.retired()).isEqualTo(2);
        assertThat(outcome.retirement()).isEqualTo("DONE");
        assertThat(table.items).containsOnlyKeys("CVE-2", "CVE-4");
        assertThat(logged)
                .anySatisfy(line -> assertThat(line).contains("scope_retired").contains("\"retired\":2"));
    }

    @Test
    void anOlderScanArrivingAfterANewerOneStarted_writesNothingAndRetiresNothing() throws Exception {
        IngestRule rule = rule("${ArtifactName}");
        SourceObject newer = object("trivy/b.json", "v1");
        SnapshotPass passB = new SnapshotPass(rule, newer, scan(2000, newer), table);
        write(passB, rule, newer, "{\"ArtifactName\":\"img\",\"VulnerabilityID\":\"CVE-2\"}");
        retire(passB);
        SourceObject older = object("trivy/a.json", "v1");
        SnapshotPass passA = new SnapshotPass(rule, older, scan(1000, older), table);

        write(
                passA,
                rule,
                older,
                "{\"ArtifactName\":\"img\",\"VulnerabilityID\":\"CVE-1\"}",
                "{\"ArtifactName\":\"img\",\"VulnerabilityID\":\"CVE-2\"}");
        SnapshotOutcome outcome = retire(passA);

        assertThat(outcome.recordsSuperseded()).isEqualTo(2);
        assertThat(outcome.retired()).isZero();
        assertThat(table.items).containsOnlyKeys("CVE-2");
        assertThat(table.items.get("CVE-2").scan()).isEqualTo(scan(2000, newer));
    }

    @Test
    void anOlderScanCompletingAfterANewerOne_retiresOnlyBelowTheNewerScan() throws Exception {
        IngestRule rule = rule("${ArtifactName}");
        SourceObject older = object("trivy/a.json", "v1");
        SourceObject newer = object("trivy/b.json", "v1");
        SnapshotPass passA = new SnapshotPass(rule, older, scan(1000, older), table);
        SnapshotPass passB = new SnapshotPass(rule, newer, scan(2000, newer), table);
        // both started before either finished: A was admitted, then B overtook it
        write(passA, rule, older, "{\"ArtifactName\":\"img\",\"VulnerabilityID\":\"CVE-1\"}");
        write(passB, rule, newer, "{\"ArtifactName\":\"img\",\"VulnerabilityID\":\"CVE-2\"}");
        retire(passB); // CVE-1 (A's) is retired by B

        table.put("CVE-1", "rule:trivy/|img", scan(1000, older)); // A's slow write lands after B's retirement
        SnapshotOutcome outcome = retire(passA);

        assertThat(outcome.retired()).isEqualTo(1); // A retires with B's cutoff: its own resurrected item
        assertThat(table.items).containsOnlyKeys("CVE-2");
    }

    @Test
    void scopesByTemplate_areSeparatePerValue_andNameTheRulePrefix() throws Exception {
        IngestRule rule = rule("${ArtifactName}");
        SourceObject file = object("trivy/two.json", "v1");
        SnapshotPass pass = new SnapshotPass(rule, file, scan(1000, file), table);

        write(
                pass,
                rule,
                file,
                "{\"ArtifactName\":\"img1\",\"VulnerabilityID\":\"CVE-1\"}",
                "{\"ArtifactName\":\"img2\",\"VulnerabilityID\":\"CVE-2\"}");

        assertThat(table.items.get("CVE-1").scope()).isEqualTo("rule:trivy/|img1");
        assertThat(table.items.get("CVE-2").scope()).isEqualTo("rule:trivy/|img2");
        assertThat(retire(pass).scopes()).isEqualTo(2);
    }

    @Test
    void aRecordWithoutTheScopeField_isScopedByItsObject_aScopeFieldThatCannotNameAScope_isRejected() throws Exception {
        IngestRule rule = rule("${ArtifactName}");
        SourceObject file = object("trivy/legacy.json", "v1");
        SnapshotPass pass = new SnapshotPass(rule, file, scan(1000, file), table);
        write(pass, rule, file, "{\"VulnerabilityID\":\"CVE-1\"}");
        assertThat(table.items.get("CVE-1").scope()).isEqualTo("object:s3://scans/trivy/legacy.json");

        JsonNode record = Json.mapper().readTree("{\"ArtifactName\":{\"a\":1},\"VulnerabilityID\":\"CVE-2\"}");
        ItemBuilder.BuiltItem built =
                new ItemBuilder().build(rule, record, Json.mapper().createObjectNode(), file, 1);
        assertThatThrownBy(() -> pass.tag(built, record, Json.mapper().createObjectNode()))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("ArtifactName");
    }

    @Test
    void theLastPieceOfAScan_retiresInTheScopesOfTheEarlierPiecesToo() throws Exception {
        IngestRule rule = rule("${ArtifactName}");
        SourceObject a = object("trivy/a.json", "v1");
        SnapshotPass passA = new SnapshotPass(rule, a, scan(1000, a), table);
        write(
                passA,
                rule,
                a,
                "{\"ArtifactName\":\"img1\",\"VulnerabilityID\":\"CVE-1\"}",
                "{\"ArtifactName\":\"img2\",\"VulnerabilityID\":\"CVE-2\"}");
        retire(passA);
        SourceObject b = object("trivy/b.json", "v1");
        String scanB = scan(2000, b);
        // piece 1 of scan B wrote img1's record; piece 2 writes img2's and must retire in both scopes
        write(
                new SnapshotPass(rule, b, scanB, table),
                rule,
                b,
                "{\"ArtifactName\":\"img1\",\"VulnerabilityID\":\"CVE-3\"}");
        SnapshotPass lastPiece = new SnapshotPass(rule, b, scanB, table);
        lastPiece.claim(
                Json.mapper().readTree("{\"ArtifactName\":\"img1\",\"VulnerabilityID\":\"CVE-3\"}"),
                Json.mapper().createObjectNode());
        write(lastPiece, rule, b, "{\"ArtifactName\":\"img2\",\"VulnerabilityID\":\"CVE-4\"}");

        SnapshotOutcome outcome = retire(lastPiece);

        assertThat(outcome.scopes()).isEqualTo(2);
        assertThat(outcome.retired()).isEqualTo(2);
        assertThat(table.items).containsOnlyKeys("CVE-3", "CVE-4");
    }

    @Test
    void scanOrder_sortsByTimeThenKeyThenVersion() {
        SourceObject a = object("trivy/a.json", "v9");
        SourceObject b = object("trivy/b.json", "v1");
        assertThat(scan(999, b)).isLessThan(scan(1000, a));
        assertThat(scan(1000, a)).isLessThan(scan(1000, b));
        assertThat(scan(1000, object("trivy/a.json", "v1"))).isLessThan(scan(1000, a));
    }
}
