package io.scanpipeline.ingest.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.quarantine.RejectReason;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void trivyTemplate_takesTargetFromTheContextAndTheRestFromTheRecord() throws Exception {
        KeyTemplate template = KeyTemplate.parse("${Target}#${VulnerabilityID}#${PkgName}");
        String key = template.expand(
                json("{\"VulnerabilityID\":\"CVE-2019-1549\",\"PkgName\":\"openssl\"}"),
                json("{\"Target\":\"alpine:3.9 (alpine 3.9.4)\"}"),
                "pk");
        assertThat(key).isEqualTo("alpine:3.9 (alpine 3.9.4)#CVE-2019-1549#openssl");
    }

    @Test
    void recordField_winsOverAContextFieldOfTheSameName() throws Exception {
        String key = KeyTemplate.parse("${id}").expand(json("{\"id\":\"mine\"}"), json("{\"id\":\"parent\"}"), "pk");
        assertThat(key).isEqualTo("mine");
    }

    @Test
    void caretField_readsTheContextEvenWhenTheRecordHasTheName() throws Exception {
        String key = KeyTemplate.parse("${^Namespace}/${Namespace}")
                .expand(json("{\"Namespace\":\"builtin.kubernetes\"}"), json("{\"Namespace\":\"default\"}"), "pk");
        assertThat(key).isEqualTo("default/builtin.kubernetes");
    }

    @Test
    void numbersAndNestedFields_expandExactly() throws Exception {
        String key = KeyTemplate.parse("q-${data.queryId}-${v}")
                .expand(json("{\"data\":{\"queryId\":12345678901234567890123},\"v\":1.50}"), null, "pk");
        assertThat(key).isEqualTo("q-12345678901234567890123-1.50");
    }

    @Test
    void missingField_isRejectedNamingTheField() throws Exception {
        KeyTemplate template = KeyTemplate.parse("${emp_id}");
        assertThatThrownBy(() -> template.expand(json("{\"name\":\"x\"}"), null, "emp_id"))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.MISSING_KEY_FIELD);
                    assertThat(e.field()).isEqualTo("emp_id");
                    assertThat(e.getMessage()).contains("needs field 'emp_id'");
                });
        assertThatThrownBy(() -> template.expand(json("{\"emp_id\":null}"), null, "emp_id"))
                .hasMessageContaining("null");
        assertThatThrownBy(() -> template.expand(json("{\"emp_id\":\"\"}"), null, "emp_id"))
                .hasMessageContaining("empty string");
    }

    @Test
    void objectOrArrayKeyField_isRejectedAsBadType() throws Exception {
        KeyTemplate template = KeyTemplate.parse("${emp_id}");
        assertThatThrownBy(() -> template.expand(json("{\"emp_id\":{\"a\":1}}"), null, "emp_id"))
                .isInstanceOfSatisfying(
                        RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_KEY_TYPE))
                .hasMessageContaining("is an object");
        assertThatThrownBy(() -> template.expand(json("{\"emp_id\":[1]}"), null, "emp_id"))
                .hasMessageContaining("is an array");
    }

    @Test
    void malformedTemplates_areRefusedAtParseTime() {
        assertThatThrownBy(() -> KeyTemplate.parse("${a")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> KeyTemplate.parse("${}")).hasMessageContaining("empty");
        assertThatThrownBy(() -> KeyTemplate.parse("constant")).hasMessageContaining("same key");
        assertThatThrownBy(() -> KeyTemplate.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void numberKeyWithAHugeExponent_isRejectedAsTooLong_withoutWritingItsDigitsOut() throws Exception {
        assertThatThrownBy(() -> KeyTemplate.parse("${id}").expand(json("{\"id\":1e999999999}"), json("{}"), "pk"))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.KEY_TOO_LONG);
                    assertThat(e.field()).isEqualTo("id");
                    assertThat(e.getMessage()).contains("1E+999999999").contains("1000000000 digits");
                });
    }

    @Test
    void numberKeyWithAModestExponent_isWrittenOutInFull() throws Exception {
        assertThat(KeyTemplate.parse("${id}").expand(json("{\"id\":1.5e3}"), json("{}"), "pk"))
                .isEqualTo("1500");
        assertThat(KeyTemplate.parse("${id}").expand(json("{\"id\":25e-4}"), json("{}"), "pk"))
                .isEqualTo("0.0025");
    }

    @Test
    void loneSurrogateInAKeyField_isRejectedAsInvalidUnicode_notStoredUnderAnAlteredKey() throws Exception {
        assertThatThrownBy(() -> KeyTemplate.parse("${a}#${id}")
                        .expand(json("{\"a\":\"ok\",\"id\":\"x\\ud800\"}"), json("{}"), "pk"))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_UNICODE);
                    assertThat(e.field()).isEqualTo("id");
                    assertThat(e.getMessage()).contains("\\ud800 at character 1");
                });
    }
}
