package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.ingest.item.KeyAttribute;
import io.scanpipeline.ingest.item.TableTarget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The rules document on its own, without an environment: text and the name of where it came from. */
class IngestRulesTest {

    private static final TableTarget EMPLOYEES =
            new TableTarget("Employees", new KeyAttribute("emp_id", ScalarAttributeType.S), Optional.empty());

    @Test
    void aRulesObjectAndABareArray_giveTheSameRules() {
        String rule = "{\"prefix\":\"trivy/\",\"recordPath\":\"/Vulnerabilities\",\"partitionKey\":\"${id}\","
                + "\"projection\":[\"id\",\"Severity\"],\"scanner\":\"trivy\",\"snapshot\":\"object\"}";
        List<IngestRule> fromObject = IngestRules.parse("{\"rules\":[" + rule + "]}", "INGEST_RULES", EMPLOYEES);
        List<IngestRule> fromArray = IngestRules.parse("[" + rule + "]", "INGEST_RULES", EMPLOYEES);

        assertThat(fromObject).singleElement().satisfies(r -> {
            assertThat(r.prefix()).isEqualTo("trivy/");
            assertThat(r.target()).isEqualTo(EMPLOYEES);
            assertThat(r.scanner()).contains("trivy");
            assertThat(r.snapshot()).isPresent();
            assertThat(r.projection().fields()).hasSize(2);
        });
        assertThat(fromArray).singleElement().satisfies(r -> {
            assertThat(r.prefix()).isEqualTo("trivy/");
            assertThat(r.scanner()).contains("trivy");
            assertThat(r.projection().fields())
                    .isEqualTo(fromObject.get(0).projection().fields());
        });
    }

    @Test
    void errors_nameTheVariableTheDocumentCameFrom_andTheRule() {
        assertThatThrownBy(() -> IngestRules.parse(
                        "[{\"prefix\":\"a/\",\"partitionKey\":\"${id}\"},{\"prefix\":\"b/\"}]",
                        "INGEST_RULES_S3_URI",
                        EMPLOYEES))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INGEST_RULES_S3_URI rules[1] needs \"partitionKey\"");
        assertThatThrownBy(() -> IngestRules.parse("{\"rules\":[]}", "INGEST_RULES_FILE", EMPLOYEES))
                .hasMessageStartingWith("INGEST_RULES_FILE must hold a non-empty \"rules\" array");
        assertThatThrownBy(() -> IngestRules.parse(
                        "[{\"table\":\"F\",\"partitionKeyType\":\"B\",\"partitionKey\":\"${id}\"}]",
                        "INGEST_RULES",
                        EMPLOYEES))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.variable()).isEqualTo("INGEST_RULES rules[0] partitionKeyType"));
    }

    @Test
    void aRuleWithoutItsOwnTable_writesToTheDefaultTarget_andOneWithATable_keepsTheDefaultKeyName() {
        List<IngestRule> rules = IngestRules.parse(
                "[{\"prefix\":\"a/\",\"partitionKey\":\"${id}\"},"
                        + "{\"prefix\":\"b/\",\"table\":\"Findings\",\"partitionKeyType\":\"n\",\"partitionKey\":\"${n}\"}]",
                "INGEST_RULES",
                EMPLOYEES);

        assertThat(rules.get(0).target()).isEqualTo(EMPLOYEES);
        assertThat(rules.get(1).target().table()).isEqualTo("Findings");
        assertThat(rules.get(1).target().partitionKey()).isEqualTo(new KeyAttribute("emp_id", ScalarAttributeType.N));
    }
}
