package io.scanpipeline.ingest.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.quarantine.RejectReason;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void keepsOnlyConfiguredFields_flatteningNestedPathsAndRenaming() throws Exception {
        Projection projection = Projection.parse("VulnerabilityID, CVSS.nvd.V3Score, Severity=severity, Target");
        JsonNode record = json("{\"VulnerabilityID\":\"CVE-1\",\"Severity\":\"HIGH\",\"Description\":\"long text\","
                + "\"CVSS\":{\"nvd\":{\"V3Score\":7.5,\"V3Vector\":\"x\"}}}");
        assertThat(projection.apply(record, json("{\"Target\":\"img\"}")))
                .isEqualTo(
                        json(
                                "{\"VulnerabilityID\":\"CVE-1\",\"CVSS_nvd_V3Score\":7.5,\"severity\":\"HIGH\",\"Target\":\"img\"}"));
    }

    @Test
    void missingFields_areAbsentNotNull() throws Exception {
        assertThat(Projection.parse("a,b").apply(json("{\"a\":1}"), null)).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void emptyProjection_keepsTheWholeRecord() throws Exception {
        JsonNode record = json("{\"a\":1,\"b\":{\"c\":[1,2]}}");
        assertThat(Projection.parse("").keepsAll()).isTrue();
        assertThat(Projection.parse(null).apply(record, null)).isEqualTo(record);
    }

    @Test
    void nonObjectRecord_isRejected() throws Exception {
        assertThatThrownBy(() -> Projection.all().apply(json("[1,2]"), null))
                .isInstanceOfSatisfying(
                        RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_RECORD_TYPE))
                .hasMessageContaining("an array");
    }

    @Test
    void duplicateTargetNames_areRefused() {
        assertThatThrownBy(() -> Projection.parse("a.b,a_b")).hasMessageContaining("'a_b' is produced twice");
        assertThatThrownBy(() -> Projection.parse("a=")).hasMessageContaining("empty attribute name");
    }
}
