package io.scanpipeline.ingest.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.IngestRules;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ItemBuilderTest {

    private static final SourceObject SOURCE =
            new SourceObject("bucket", "scans/a.json", Optional.of("v1"), Optional.of("0055AED6DCD90281E5"), 10);
    private static final TableTarget EMPLOYEES =
            new TableTarget("Employees", new KeyAttribute("emp_id", ScalarAttributeType.S), Optional.empty());
    private final ItemBuilder builder = new ItemBuilder();

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static IngestRule rule(String template, String projection) {
        return rule(EMPLOYEES, template, projection);
    }

    private static IngestRule rule(TableTarget target, String template, String projection) {
        return IngestRules.rule("", target, "", "AUTO", template, null, projection, "");
    }

    @Test
    void item_hasKeyProjectedFieldsAndSource() throws Exception {
        ItemBuilder.BuiltItem built = builder.build(
                rule("${emp_id}", "name,dept.code=dept"),
                json("{\"emp_id\":\"E1\",\"name\":\"Ada\",\"salary\":1,\"dept\":{\"code\":\"R&D\"}}"),
                null,
                SOURCE,
                3);
        Map<String, AttributeValue> item = built.item();
        assertThat(item.keySet()).containsExactlyInAnyOrder("emp_id", "name", "dept", "_source");
        assertThat(item.get("emp_id").s()).isEqualTo("E1");
        assertThat(item.get("dept").s()).isEqualTo("R&D");
        Map<String, AttributeValue> source = item.get("_source").m();
        assertThat(source.get("bucket").s()).isEqualTo("bucket");
        assertThat(source.get("key").s()).isEqualTo("scans/a.json");
        assertThat(source.get("versionId").s()).isEqualTo("v1");
        assertThat(source.get("sequencer").s()).isEqualTo("0055AED6DCD90281E5");
        assertThat(source.get("record").n()).isEqualTo("3");
        assertThat(built.key()).isEqualTo(new ItemBuilder.ItemKey("E1", null));
    }

    @Test
    void theRulesScanner_isRecordedInTheSourceMap() throws Exception {
        Map<String, AttributeValue> withScanner = builder.build(
                        rule("${emp_id}", "").withScanner("grype"), json("{\"emp_id\":\"E1\"}"), null, SOURCE, 0)
                .item()
                .get("_source")
                .m();
        assertThat(withScanner.get("scanner").s()).isEqualTo("grype");
        Map<String, AttributeValue> without = builder.build(
                        rule("${emp_id}", ""), json("{\"emp_id\":\"E1\"}"), null, SOURCE, 0)
                .item()
                .get("_source")
                .m();
        assertThat(without).doesNotContainKey("scanner");
    }

    @Test
    void numericEmpId_becomesAStringKeyForAStringKeyedTable() throws Exception {
        ItemBuilder.BuiltItem built = builder.build(rule("${emp_id}", ""), json("{\"emp_id\":42}"), null, SOURCE, 0);
        assertThat(built.item().get("emp_id").s()).isEqualTo("42");
    }

    @Test
    void numberKeyedTable_rejectsANonNumericKey() throws Exception {
        TableTarget numeric =
                new TableTarget("Employees", new KeyAttribute("emp_id", ScalarAttributeType.N), Optional.empty());
        assertThat(builder.build(rule(numeric, "${emp_id}", ""), json("{\"emp_id\":42}"), null, SOURCE, 0)
                        .item()
                        .get("emp_id")
                        .n())
                .isEqualTo("42");
        assertThatThrownBy(() ->
                        builder.build(rule(numeric, "${emp_id}", ""), json("{\"emp_id\":\"x\"}"), null, SOURCE, 0))
                .isInstanceOfSatisfying(
                        RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_KEY_TYPE));
    }

    @Test
    void hugeNumber_isKeptAsStringAndNoted() throws Exception {
        String digits = "9".repeat(45);
        ItemBuilder.BuiltItem built = builder.build(
                rule("${emp_id}", ""), json("{\"emp_id\":\"E\",\"big\":" + digits + "}"), null, SOURCE, 0);
        assertThat(built.item().get("big").s()).isEqualTo(digits);
        assertThat(built.item().get("_notes").l())
                .singleElement()
                .satisfies(n -> assertThat(n.s()).startsWith("big: number with 45 significant digits"));
    }

    @Test
    void itemOver400KB_isRejectedNamingTheLargestAttribute() throws Exception {
        String big = "x".repeat(410 * 1024);
        assertThatThrownBy(() -> builder.build(
                        rule("${emp_id}", ""), json("{\"emp_id\":\"E\",\"blob\":\"" + big + "\"}"), null, SOURCE, 0))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.ITEM_TOO_LARGE);
                    assertThat(e.field()).isEqualTo("blob");
                })
                .hasMessageContaining("over DynamoDB's 409600");
    }

    @Test
    void tooDeepNesting_isRejectedAsUnsupported() throws Exception {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThatThrownBy(() -> builder.build(
                        rule("${emp_id}", ""), json("{\"emp_id\":\"E\",\"tree\":" + deep + "}"), null, SOURCE, 0))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_VALUE);
                    assertThat(e.field()).startsWith("tree.a.a");
                });
    }

    @Test
    void tooLongKey_isRejected() throws Exception {
        assertThatThrownBy(() -> builder.build(
                        rule("${emp_id}", ""), json("{\"emp_id\":\"" + "k".repeat(2049) + "\"}"), null, SOURCE, 0))
                .isInstanceOfSatisfying(
                        RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.KEY_TOO_LONG));
    }

    @Test
    void sortKey_isBuiltFromItsTemplate() throws Exception {
        TableTarget withSort = new TableTarget(
                "Findings",
                new KeyAttribute("pk", ScalarAttributeType.S),
                Optional.of(new KeyAttribute("sk", ScalarAttributeType.S)));
        IngestRule rule =
                IngestRules.rule("", withSort, "", "AUTO", "${host}", "${VulnerabilityID}#${PkgName}", "", "");
        ItemBuilder.BuiltItem built = builder.build(
                rule, json("{\"host\":\"h1\",\"VulnerabilityID\":\"CVE-1\",\"PkgName\":\"zlib\"}"), null, SOURCE, 0);
        assertThat(built.item().get("sk").s()).isEqualTo("CVE-1#zlib");
        assertThat(built.key()).isEqualTo(new ItemBuilder.ItemKey("h1", "CVE-1#zlib"));
    }
}
