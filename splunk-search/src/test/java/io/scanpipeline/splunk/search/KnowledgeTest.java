package io.scanpipeline.splunk.search;

import static io.scanpipeline.splunk.search.Fixtures.finding;
import static io.scanpipeline.splunk.search.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test app's search-time knowledge (src/test/resources/testapp) over events shaped like the sink's, in the
 * order of Splunk's "search-time operations sequence": KV_MODE, FIELDALIAS, EVAL, LOOKUP, eventtypes, tags.
 */
class KnowledgeTest {
    private final SplunkApp app = Fixtures.app();

    private SearchResult.Row only(ObjectNode hec) {
        SearchResult r = Fixtures.engine(app, hec).search("*", null, null);
        assertThat(r.rows()).hasSize(1);
        return r.rows().get(0);
    }

    private SearchResult.Row sample() {
        return only(finding(1733400000.123, "e1", "INSERT", "HIGH", "CVE-2024-0001", "trivy/a.json"));
    }

    @Test
    void indexTimeFields_areThoseHecStores() {
        SearchResult.Row r = sample();
        assertThat(r.value("_time")).isEqualTo("1733400000.123");
        assertThat(r.value("_indextime")).isEqualTo("1733401800");
        assertThat(r.value("index")).isEqualTo("main");
        assertThat(r.value("host")).isEqualTo("127.0.0.1");
        assertThat(r.value("source")).isEqualTo("s3://scans/trivy/a.json");
        assertThat(r.value("sourcetype")).isEqualTo("scan:finding");
        assertThat(r.value("linecount")).isEqualTo("1");
        assertThat(r.value("scanpipeline_item")).isEqualTo("Findings|{\"pk\":\"Finding#CVE-2024-0001\"}");
        assertThat(r.value("_raw")).startsWith("{\"v\":1,\"eventId\":\"e1\"").doesNotContain("\n");
    }

    // Knowledge Manager Manual, automatic key-value extraction with KV_MODE = json
    @Test
    void jsonFields_useSplunksNaming() {
        ObjectNode hec = json("""
                {"time":1733400000,"sourcetype":"scan:finding","event":{"a":{"b":1.50,"c":true},"n":null,
                 "arr":[1,2],"objs":[{"x":"p"},{"x":"q"}],"empty":{}}}""").deepCopy();
        SearchResult.Row r = only(hec);
        assertThat(r.values("a.b")).containsExactly("1.50");
        assertThat(r.values("a.c")).containsExactly("true");
        assertThat(r.values("n")).containsExactly("null");
        assertThat(r.values("arr{}")).containsExactly("1", "2");
        assertThat(r.values("objs{}.x")).containsExactly("p", "q");
        assertThat(r.asMap()).doesNotContainKey("empty");
    }

    @Test
    void aFieldThatIsIndexedAndInTheJson_isMultivalued() {
        ObjectNode hec = finding(1733400000, "e1", "INSERT", "HIGH", "CVE-1", "trivy/a.json");
        ((ObjectNode) hec.get("fields")).put("eventName", "INSERT");
        assertThat(only(hec).values("eventName")).containsExactly("INSERT", "INSERT");
    }

    @Test
    void kvModeNone_extractsNothing_andTruncateCutsAtAUtf8Boundary_withLocalOverridingDefault() {
        // local/props.conf sets TRUNCATE = 12 for [plain] over default's 40; "é" is two bytes
        SearchResult.Row r = only(json("{\"time\":1,\"sourcetype\":\"plain\",\"event\":\"abcdefghijké x=1\"}")
                .deepCopy());
        assertThat(r.value("_raw")).isEqualTo("abcdefghijk");
        assertThat(r.asMap()).doesNotContainKey("x");
    }

    @Test
    void aTruncatedJsonBody_yieldsNoJsonFields() {
        ObjectNode hec = finding(1733400000, "e1", "INSERT", "HIGH", "CVE-1", "trivy/a.json");
        ((ObjectNode) hec.get("event")).put("padding", "x".repeat(3000));
        SearchResult.Row r = only(hec);
        assertThat(r.value("_raw")).hasSize(2000);
        assertThat(r.asMap()).doesNotContainKeys("eventId", "newImage.Severity");
        assertThat(r.value("scanpipeline_event_id")).isEqualTo("e1");
    }

    @Test
    void autoKvMode_extractsKeyValuePairs_andInlineExtractionsRun() {
        SearchResult.Row r = only(json("{\"time\":1,\"sourcetype\":\"kv\",\"event\":\"user bob logged in status=ok\"}")
                .deepCopy());
        assertThat(r.value("user_name")).isEqualTo("bob");
        assertThat(r.value("status")).isEqualTo("ok");
    }

    // props.conf: FIELDALIAS, then EVAL (all calculated fields see the pre-EVAL fields and override existing ones)
    @Test
    void aliasesThenCalculatedFields_eachEvalSeesTheFieldsBeforeAnyEval() {
        SearchResult.Row r = sample();
        assertThat(r.value("cve")).isEqualTo("CVE-2024-0001");
        assertThat(r.value("severity")).isEqualTo("high");
        assertThat(r.value("severity_rank")).isEqualTo("3");
    }

    // transforms.conf: case_sensitive_match = false; WILDCARD match_type with max_matches, min_matches, default_match
    @Test
    void automaticLookups_matchAsTransformsSay() {
        SearchResult.Row r = sample();
        assertThat(r.value("sla_days")).isEqualTo("30");
        assertThat(r.values("owner")).containsExactly("team-a", "team-b");
        SearchResult.Row unmatched = only(finding(1733400000, "e9", "INSERT", "LOW", "CVE-9", "other/x"));
        assertThat(unmatched.asMap()).doesNotContainKey("sla_days");
        assertThat(unmatched.values("owner")).containsExactly("nobody");
    }

    @Test
    void eventtypesAndTags_areMultivaluedAndSorted_disabledOnesIgnored() {
        SearchResult.Row r = sample();
        assertThat(r.values("eventtype")).containsExactly("high_finding", "new_finding");
        assertThat(r.values("tag")).containsExactly("new", "urgent", "vulnerability");
        assertThat(r.values("tag::eventtype")).containsExactly("new", "vulnerability");
        assertThat(r.values("tag::severity")).containsExactly("urgent");
    }

    @Test
    void searchesByEventtypeAndTag() {
        SearchEngine engine = Fixtures.findings();
        assertThat(engine.search("tag=vulnerability | stats count", null, null)
                        .rows()
                        .get(0)
                        .value("count"))
                .isEqualTo("4");
        assertThat(engine.search("eventtype=fixed_finding | table eventId", null, null)
                        .rows()
                        .get(0)
                        .value("eventId"))
                .isEqualTo("e3");
    }

    @Test
    void settingsTheStandInDoesNotImplement_areRefusedWhenTheAppLoads(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("default"));
        Files.writeString(dir.resolve("default/props.conf"), "[x]\nREPORT-kv = my_transform\n");
        assertThatThrownBy(() -> SplunkApp.load(dir))
                .isInstanceOf(SplException.class)
                .hasMessageContaining("props.conf [x] REPORT-kv")
                .hasMessageContaining("not supported by the local search stand-in");
    }

    @Test
    void explicitLookupAndInputlookup() {
        SearchEngine engine = Fixtures.findings();
        SearchResult r = engine.search(
                "| makeresults | eval sev=\"CRITICAL\" | lookup severity_sla Severity AS sev OUTPUT sla_days AS days",
                null,
                null);
        assertThat(r.rows().get(0).value("days")).isEqualTo("7");
        SearchResult table = engine.search("| inputlookup severity_sla.csv where sla_days>10", null, null);
        assertThat(table.fields()).containsExactly("Severity", "sla_days");
        assertThat(table.rows()).extracting(x -> x.value("Severity")).containsExactly("high", "medium");
    }
}
