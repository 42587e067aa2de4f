package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.ingest.item.KeyAttribute;
import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.ingest.read.InputFormat;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class IngestConfigTest {

    @Test
    void defaults_areTheEmployeesTableKeyedByEmpId() {
        IngestConfig config = IngestConfig.fromEnv(Map.of());
        assertThat(config.tableName()).isEqualTo("Employees");
        assertThat(config.defaultTarget().partitionKey()).isEqualTo(new KeyAttribute("emp_id", ScalarAttributeType.S));
        assertThat(config.defaultTarget().sortKey()).isEmpty();
        IngestRule rule = config.ruleFor("any/key.json");
        assertThat(rule.partitionKeyTemplate()).hasToString("${emp_id}");
        assertThat(rule.projection().keepsAll()).isTrue();
        assertThat(rule.format()).isEqualTo(InputFormat.AUTO);
        assertThat(config.quarantinePrefix()).isEqualTo("quarantine/");
        assertThat(config.writeConcurrency()).isEqualTo(4);
        assertThat(config.backoffBase()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void durations_takeTheProjectsOneGrammar_isoOrAWholeNumberWithAUnit() {
        IngestConfig iso = IngestConfig.fromEnv(Map.of(
                "WRITE_BACKOFF_BASE", "PT0.05S", "WRITE_BACKOFF_MAX", "PT5S", "INGEST_DEADLINE_MARGIN", "PT20S"));
        IngestConfig units = IngestConfig.fromEnv(
                Map.of("WRITE_BACKOFF_BASE", "50ms", "WRITE_BACKOFF_MAX", "5s", "INGEST_DEADLINE_MARGIN", "20s"));
        assertThat(units.backoffBase()).isEqualTo(iso.backoffBase()).isEqualTo(java.time.Duration.ofMillis(50));
        assertThat(units.backoffMax()).isEqualTo(iso.backoffMax());
        assertThat(units.deadlineMargin()).isEqualTo(iso.deadlineMargin());
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("INGEST_DEADLINE_MARGIN", "0")))
                .hasMessageStartingWith("INGEST_DEADLINE_MARGIN must be positive");
    }

    @Test
    void invalidValues_failWithTheVariableName() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("WRITE_CONCURRENCY", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WRITE_CONCURRENCY must be between 1 and 64");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("WRITE_CONCURRENCY", "many")))
                .hasMessageStartingWith("WRITE_CONCURRENCY must be a whole number");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("PARTITION_KEY_TEMPLATE", "${id")))
                .hasMessageStartingWith("PARTITION_KEY_TEMPLATE ");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("PARTITION_KEY_TYPE", "B")))
                .hasMessageStartingWith("PARTITION_KEY_TYPE must be S or N");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("INPUT_FORMAT", "xml")))
                .hasMessageStartingWith("INPUT_FORMAT ");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("WRITE_BACKOFF_BASE", "50")))
                .hasMessageStartingWith("WRITE_BACKOFF_BASE needs a unit");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("QUARANTINE_PREFIX", "bad")))
                .hasMessageStartingWith("QUARANTINE_PREFIX must end with '/'");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("SORT_KEY", "sk")))
                .hasMessageStartingWith("SORT_KEY_TEMPLATE");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("PROJECTION", "a,a")))
                .hasMessageStartingWith("PROJECTION ");
    }

    @Test
    void rulesPerPrefix_longestPrefixWins_andTheEnvironmentRuleIsTheDefault() {
        String rules = "{\"rules\":["
                + "{\"prefix\":\"scans/\",\"recordPath\":\"/matches\",\"partitionKey\":\"${id}\"},"
                + "{\"prefix\":\"scans/trivy/\",\"recordPath\":\"/Results/*/Vulnerabilities\","
                + "\"partitionKey\":\"${Target}#${VulnerabilityID}\",\"projection\":[\"VulnerabilityID\",\"Severity\"]}]}";
        IngestConfig config = IngestConfig.fromEnv(Map.of("INGEST_RULES", rules));
        assertThat(config.ruleFor("scans/trivy/a.json").partitionKeyTemplate())
                .hasToString("${Target}#${VulnerabilityID}");
        assertThat(config.ruleFor("scans/trivy/a.json").projection().fields()).hasSize(2);
        assertThat(config.ruleFor("scans/grype.json").partitionKeyTemplate()).hasToString("${id}");
        assertThat(config.ruleFor("employees.json").partitionKeyTemplate()).hasToString("${emp_id}");
    }

    @Test
    void aRuleMayNameItsOwnTableAndKeys() {
        String rules = "[{\"prefix\":\"trivy/\",\"table\":\"Findings\",\"partitionKeyName\":\"pk\","
                + "\"sortKeyName\":\"sk\",\"partitionKey\":\"${Target}\",\"sortKey\":\"${VulnerabilityID}\"}]";
        IngestConfig config = IngestConfig.fromEnv(Map.of("INGEST_RULES", rules));
        TableTarget target = config.ruleFor("trivy/x.json").target();
        assertThat(target.table()).isEqualTo("Findings");
        assertThat(target.partitionKey().name()).isEqualTo("pk");
        assertThat(target.sortKey()).map(KeyAttribute::name).contains("sk");
        assertThat(config.ruleFor("other.json").target().table()).isEqualTo("Employees");
        assertThatThrownBy(() -> IngestConfig.fromEnv(
                        Map.of("INGEST_RULES", "[{\"table\":\"F\",\"sortKeyName\":\"sk\",\"partitionKey\":\"${a}\"}]")))
                .hasMessageContaining("rules[0]")
                .hasMessageContaining("sort key template is required");
    }

    @Test
    void brokenRules_nameTheRule() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("INGEST_RULES", "{\"rules\":[{\"prefix\":\"a/\"}]}")))
                .hasMessageStartingWith("INGEST_RULES rules[0] needs \"partitionKey\"");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("INGEST_RULES", "{not json")))
                .hasMessageStartingWith("INGEST_RULES is not valid JSON");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("INGEST_RULES_FILE", "/no/such/file.json")))
                .hasMessageStartingWith("INGEST_RULES_FILE cannot be read");
    }

    @Test
    void aRuleMayNameItsScanner_whichMustBeAPlainLowerCaseName() {
        IngestConfig config = IngestConfig.fromEnv(
                Map.of("INGEST_RULES", "[{\"prefix\":\"grype/\",\"scanner\":\"grype\",\"partitionKey\":\"${id}\"}]"));
        assertThat(config.ruleFor("grype/a.json").scanner()).contains("grype");
        assertThat(config.ruleFor("other.json").scanner()).isEmpty();
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(
                        "INGEST_RULES",
                        "[{\"prefix\":\"g/\",\"scanner\":\"Grype Scanner\",\"partitionKey\":\"${id}\"}]")))
                .hasMessageStartingWith("INGEST_RULES rules[0] scanner must be");
    }

    @Test
    void aRuleMayBeASnapshotOfTheObjectOrOfATemplate_andThenNeedsTheScopeTable() {
        String rules = "[{\"prefix\":\"trivy/\",\"partitionKey\":\"${id}\",\"snapshot\":\"${ArtifactName}\"},"
                + "{\"prefix\":\"grype/\",\"partitionKey\":\"${id}\",\"snapshot\":\"object\"},"
                + "{\"prefix\":\"osv/\",\"partitionKey\":\"${id}\"}]";
        IngestConfig config = IngestConfig.fromEnv(Map.of("INGEST_RULES", rules, "SCOPE_TABLE", "ScanScopes"));
        assertThat(config.ruleFor("trivy/a.json").snapshot())
                .map(Object::toString)
                .contains("${ArtifactName}");
        assertThat(config.ruleFor("grype/a.json").snapshot())
                .map(Object::toString)
                .contains("object");
        assertThat(config.ruleFor("osv/a.json").snapshot()).isEmpty();
        assertThat(config.scopeTable()).contains("ScanScopes");

        assertThatThrownBy(() ->
                        IngestConfig.fromEnv(Map.of("INGEST_RULES", rules)).requireScopeTableForSnapshots())
                .hasMessageStartingWith("SCOPE_TABLE is required: the rule for prefix");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(
                        "SCOPE_TABLE",
                        "S",
                        "INGEST_RULES",
                        "[{\"prefix\":\"t/\",\"partitionKey\":\"${id}\",\"snapshot\":\"image\"}]")))
                .hasMessageStartingWith("INGEST_RULES rules[0] snapshot must be \"object\" or a key template");
    }

    @Test
    void theShippedConfiguration_namesAScannerForEveryScanPrefix() {
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "INGEST_RULES_FILE",
                java.nio.file.Path.of("..", "config", "pipeline.json").toString()));
        assertThat(config.ruleFor("employees/e.json").scanner()).isEmpty();
        // fixed findings show up with the shipped configuration: each scanner's natural scope
        assertThat(config.ruleFor("trivy/a.json").snapshot())
                .map(Object::toString)
                .contains("${ArtifactName}");
        assertThat(config.ruleFor("grype/a.json").snapshot())
                .map(Object::toString)
                .contains("object");
        assertThat(config.ruleFor("employees/e.json").snapshot())
                .map(Object::toString)
                .contains("object");
        assertThat(config.ruleFor("tenable/a.json").snapshot())
                .as("an export chunk is no snapshot")
                .isEmpty();
        for (String key : java.util.List.of(
                "trivy/a.json",
                "trivy-config/a.json",
                "trivy-k8s/a.json",
                "grype/a.json",
                "osv/a.json",
                "inspector/a.json",
                "nuclei/a.ndjson",
                "checkmarx/a.json",
                "tenable/a.json",
                "asff/a.json",
                "asff-list/a.json")) {
            assertThat(config.ruleFor(key).scanner()).as(key).isPresent();
        }
    }

    @Test
    void rulesNamedByS3Uri_withoutAnS3Reader_failTheColdStartRatherThanFallingBackToTheDefaultRule() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("INGEST_RULES_S3_URI", "s3://config/ingest-rules.json")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INGEST_RULES_S3_URI cannot be read");
    }

    @Test
    void rulesFromS3_areReadAndValidatedAtColdStart_soTheyTakeNoRoomInTheLambdaEnvironment() throws Exception {
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("..", "config", "pipeline.json"));
        assertThat(sample.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as("the sample rules alone would use most of Lambda's 4 KB of environment")
                .isGreaterThan(2048);
        java.util.List<RuleDocuments.Location> asked = new java.util.ArrayList<>();

        IngestConfig config = IngestConfig.fromEnv(
                Map.of("INGEST_RULES_S3_URI", "s3://config-bucket/ingest/rules.json?versionId=v7"), location -> {
                    asked.add(location);
                    return sample;
                });

        assertThat(asked)
                .containsExactly(
                        new RuleDocuments.Location("config-bucket", "ingest/rules.json", java.util.Optional.of("v7")));
        assertThat(config.ruleFor("trivy/alpine.json").target().table()).isEqualTo("Findings");
        assertThat(config.ruleFor("employees/e.json").target().table()).isEqualTo("Employees");
    }

    @Test
    void rulesFromS3_thatAreMissingInvalidOrAmbiguous_failNamingTheVariable() {
        assertThatThrownBy(() ->
                        IngestConfig.fromEnv(Map.of("INGEST_RULES_S3_URI", "s3://config/rules.json"), location -> {
                            throw new java.io.IOException("NoSuchKey");
                        }))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INGEST_RULES_S3_URI cannot be read (s3://config/rules.json): NoSuchKey");
        assertThatThrownBy(() -> IngestConfig.fromEnv(
                        Map.of("INGEST_RULES_S3_URI", "s3://config/rules.json"),
                        location -> "{\"rules\":[{\"prefix\":\"a/\"}]}"))
                .hasMessageStartingWith("INGEST_RULES_S3_URI rules[0] needs \"partitionKey\"");
        assertThatThrownBy(() -> IngestConfig.fromEnv(
                        Map.of("INGEST_RULES_S3_URI", "https://config/rules.json"), location -> "{}"))
                .hasMessageStartingWith("INGEST_RULES_S3_URI must be s3://bucket/key");
        assertThatThrownBy(() -> IngestConfig.fromEnv(
                        Map.of("INGEST_RULES_S3_URI", "s3://config/rules.json", "INGEST_RULES", "{}"),
                        location -> "{}"))
                .hasMessageStartingWith("INGEST_RULES_S3_URI is set together with INGEST_RULES");
    }
}
