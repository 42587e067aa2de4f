package io.scanpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ItemCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * End to end on one machine: the sample files of the repository are uploaded through the S3 API into the local
 * pipeline (config/pipeline.json), and every item that is not quarantined must be in DynamoDB and, as the newest
 * change envelope of that item, in the HEC receiver with exactly the item's content.
 */
class LocalPipelineIT {

    @TempDir
    Path dir;

    @Test
    void everySampleRecord_reachesDynamoDbAndTheHecReceiver_exactly() throws Exception {
        runSamples(false);
    }

    @Test
    void withTheReceiverRefusing30PercentWith503AndLosing10PercentOfAcks_nothingIsLost() throws Exception {
        runSamples(true);
    }

    /** Which prefix of config/pipeline.json each third-party fixture is uploaded under. */
    static String prefixOf(String fixture) {
        if (fixture.startsWith("trivy-helm")) {
            return "trivy-config/";
        }
        if (fixture.startsWith("trivy-k8s")) {
            return "trivy-k8s/";
        }
        if (fixture.startsWith("asff-inspector-toplevel-array")) {
            return "asff-list/";
        }
        String tool = fixture.substring(0, fixture.indexOf('-'));
        return switch (tool) {
            case "inspector2" -> "inspector/";
            case "osv" -> "osv/";
            default -> tool + "/";
        };
    }

    @Test
    void everyThirdPartyFixture_throughEveryStage_exactly() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path fixtures = repo.resolve("ingest-lambda/src/test/resources/fixtures");
        LocalPipeline.Options options = new LocalPipeline.Options(
                null, repo.resolve("config/pipeline.json"), "scans", dir.resolve("pipeline.log"));
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            int uploaded = 0;
            for (String folder : List.of("vuln-scans", "asff")) {
                try (Stream<Path> files = Files.list(fixtures.resolve(folder))) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        pipeline.aws().s3().putObject(r -> r.bucket("scans").key(prefixOf(name) + name), file);
                        uploaded++;
                    }
                }
            }
            assertThat(uploaded).isEqualTo(16);
            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3))).isTrue();
            assertThat(pipeline.notifications().failures()).isEmpty();

            // distinct keys over all 16 files, computed from the fixtures with python3 using the same templates
            List<Map<String, AttributeValue>> findings = pipeline.aws().scanAll("Findings");
            assertThat(findings).hasSize(275);
            Map<String, JsonNode> newestByKey = new HashMap<>();
            for (JsonNode received : pipeline.changeEvents()) {
                JsonNode envelope = received.path("event");
                newestByKey.put(envelope.path("keys").path("pk").asText(), envelope);
            }
            assertThat(newestByKey).hasSize(275);
            for (Map<String, AttributeValue> item : findings) {
                assertThat(newestByKey.get(item.get("pk").s()).path("newImage"))
                        .as(item.get("pk").s())
                        .isEqualTo(ItemCodec.toJson(item));
            }
            // the only bad records of the fixtures: three nuclei lines without matched-at
            List<String> quarantine =
                    pipeline.aws().s3().listObjectsV2(r -> r.bucket("scans").prefix("quarantine/")).contents().stream()
                            .filter(o ->
                                    !o.key().startsWith("quarantine/_ingest-state/")) // the ingest's version ledger
                            .flatMap(o -> pipeline.aws()
                                    .s3()
                                    .getObjectAsBytes(r -> r.bucket("scans").key(o.key()))
                                    .asUtf8String()
                                    .lines())
                            .toList();
            assertThat(quarantine)
                    .hasSize(3)
                    .allSatisfy(line -> assertThat(line)
                            .contains("\"reason\":\"MISSING_KEY_FIELD\"")
                            .contains("\"field\":\"matched-at\"")
                            .contains("nuclei/nuclei-findings.ndjson"));
        }
    }

    @Test
    void consumerRestartedInTheMiddle_losesNothing() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        LocalPipeline.Options options = new LocalPipeline.Options(
                null, repo.resolve("config/pipeline.json"), "scans", dir.resolve("pipeline.log"));
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            pipeline.aws()
                    .s3()
                    .putObject(
                            r -> r.bucket("scans").key("trivy/first.json"),
                            repo.resolve("samples/scans/trivy-alpine-39.json"));
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3))).isTrue();
            pipeline.downstream().restartSink();
            pipeline.aws()
                    .s3()
                    .putObject(
                            r -> r.bucket("scans").key("grype/second.json"),
                            repo.resolve("samples/scans/grype-keycloak.json"));
            pipeline.aws()
                    .s3()
                    .putObject(
                            r -> r.bucket("scans").key("employees/third.json"), repo.resolve("samples/employees.json"));
            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3)))
                    .as("nothing lost across the restart")
                    .isTrue();
            assertThat(pipeline.hecEventIds()).isEqualTo(6 + 6 + 12);
            assertThat(pipeline.status()).contains("hec         events").contains("distinct 24");
        }
    }

    private void runSamples(boolean faults) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        LocalPipeline.Options options = new LocalPipeline.Options(
                null, repo.resolve("config/pipeline.json"), "scans", dir.resolve("pipeline.log"));
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            if (faults) {
                pipeline.downstream()
                        .receiver()
                        .faults(io.scanpipeline.local.emulator.hec.HecFaults.none()
                                .withBusyRate(0.3)
                                .withLostAckRate(0.1)
                                .withSeed(7));
            }
            pipeline.aws()
                    .s3()
                    .putObject(
                            r -> r.bucket("scans").key("employees/employees.json"),
                            repo.resolve("samples/employees.json"));
            try (Stream<Path> scans = Files.list(repo.resolve("samples/scans"))) {
                for (Path file : scans.toList()) {
                    String name = file.getFileName().toString();
                    String prefix = name.substring(0, name.indexOf('-'));
                    pipeline.aws().s3().putObject(r -> r.bucket("scans").key(prefix + "/" + name), file);
                }
            }
            assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3)))
                    .as("every change reached the HEC receiver")
                    .isTrue();

            List<Map<String, AttributeValue>> employees = pipeline.aws().scanAll("Employees");
            List<Map<String, AttributeValue>> findings = pipeline.aws().scanAll("Findings");
            // employees.json: 12 employees + 1 record without emp_id (quarantined);
            // trivy 6, grype 6, nuclei 27 lines -> 14 items + 3 quarantined (no matched-at)
            assertThat(employees).hasSize(12);
            assertThat(findings).hasSize(6 + 6 + 14);
            assertThat(pipeline.notifications().failures()).isEmpty();

            Map<String, JsonNode> newestByKey = new HashMap<>();
            for (JsonNode received : pipeline.changeEvents()) {
                JsonNode envelope = received.path("event");
                // the shipped routes (LocalSinkEnv.HEC_ROUTES): employee records are never indexed as findings
                assertThat(received.path("sourcetype").asText())
                        .as(envelope.path("table").asText())
                        .isEqualTo(
                                envelope.path("table").asText().equals("Employees") ? "scan:employee" : "scan:finding");
                newestByKey.put(
                        envelope.path("table").asText() + "|"
                                + envelope.path("keys").toString(),
                        envelope);
            }
            assertThat(newestByKey).hasSize(12 + 26);
            for (Map<String, AttributeValue> item : employees) {
                JsonNode envelope = newestByKey.get(
                        "Employees|{\"emp_id\":\"" + item.get("emp_id").s() + "\"}");
                assertThat(envelope).as(item.get("emp_id").s()).isNotNull();
                assertThat(envelope.path("eventName").asText()).isEqualTo("INSERT");
                assertThat(envelope.path("newImage")).isEqualTo(ItemCodec.toJson(item));
            }
            for (Map<String, AttributeValue> item : findings) {
                JsonNode envelope = newestByKey.get("Findings|{\"pk\":" + ItemCodec.toJson(item.get("pk")) + "}");
                assertThat(envelope).as(item.get("pk").s()).isNotNull();
                assertThat(envelope.path("newImage")).isEqualTo(ItemCodec.toJson(item));
            }
            assertThat(pipeline.downstream().sink().stats().deadLettered()).isZero();
            long quarantineLines =
                    pipeline.aws().s3().listObjectsV2(r -> r.bucket("scans").prefix("quarantine/")).contents().stream()
                            .filter(o ->
                                    !o.key().startsWith("quarantine/_ingest-state/")) // the ingest's version ledger
                            .mapToLong(o -> pipeline.aws()
                                    .s3()
                                    .getObjectAsBytes(r -> r.bucket("scans").key(o.key()))
                                    .asUtf8String()
                                    .lines()
                                    .count())
                            .sum();
            assertThat(quarantineLines).isEqualTo(1 + 3);
        }
    }
}
