package io.scanpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 13 item 1 through every stage on the emulators: a newer scan of a snapshot scope retires the findings it no
 * longer reports (DynamoDB deletes them, the stream's REMOVE reaches the HEC receiver with the old image); by object
 * and by template across two S3 keys; a late redelivery of the older scan changes nothing; a scan whose write fails
 * halfway retires nothing until it is retried and complete.
 */
class SnapshotScopesIT {

    private static final String RULES = """
            {"rules": [
              {"prefix": "by-object/", "scanner": "trivy", "table": "Findings", "partitionKeyName": "pk",
               "recordPath": "/Results/*/Vulnerabilities", "snapshot": "object",
               "partitionKey": "${ArtifactName}#${VulnerabilityID}#${PkgName}",
               "projection": ["ArtifactName", "VulnerabilityID", "PkgName", "Severity"]},
              {"prefix": "trivy/", "scanner": "trivy", "table": "Findings", "partitionKeyName": "pk",
               "recordPath": "/Results/*/Vulnerabilities", "snapshot": "${ArtifactName}",
               "partitionKey": "${ArtifactName}#${VulnerabilityID}#${PkgName}",
               "projection": ["ArtifactName", "VulnerabilityID", "PkgName", "Severity"]}
            ]}
            """;

    @TempDir
    static Path dir;

    private static LocalPipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("rules.json");
        Files.writeString(config, RULES);
        pipeline = LocalPipeline.start(new LocalPipeline.Options(null, config, "scans", dir.resolve("pipeline.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** A Trivy report of {@code artifact} with one finding per CVE number. */
    private static String trivy(String artifact, int... cves) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("SchemaVersion", 2);
        doc.put("ArtifactName", artifact);
        ObjectNode result = doc.putArray("Results").addObject();
        result.put("Target", artifact + " (alpine 3.9)");
        ArrayNode vulns = result.putArray("Vulnerabilities");
        for (int cve : cves) {
            vulns.addObject()
                    .put("VulnerabilityID", "CVE-2026-" + cve)
                    .put("PkgName", "pkg" + cve)
                    .put("Severity", "HIGH");
        }
        return doc.toString();
    }

    private static void upload(String key, String body) throws InterruptedException {
        pipeline.aws().s3().putObject(r -> r.bucket("scans").key(key), RequestBody.fromString(body));
        settle();
    }

    private static void settle() throws InterruptedException {
        assertThat(pipeline.awaitIdle(Duration.ofMinutes(2))).isTrue();
        assertThat(pipeline.awaitDelivered(Duration.ofMinutes(3))).isTrue();
    }

    private static List<String> itemsOf(String artifact) {
        return pipeline.aws().scanAll("Findings").stream()
                .map(item -> item.get("pk").s())
                .filter(pk -> pk.startsWith(artifact + "#"))
                .sorted()
                .toList();
    }

    /** Distinct change envelopes (by eventId) of the artifact's items the receiver holds, by event name. */
    private static Map<String, List<JsonNode>> changesOf(String artifact) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode received : pipeline.changeEvents()) {
            JsonNode envelope = received.path("event");
            if (envelope.path("keys").path("pk").asText().startsWith(artifact + "#")) {
                byId.putIfAbsent(envelope.path("eventId").asText(), envelope);
            }
        }
        return byId.values().stream()
                .collect(Collectors.groupingBy(e -> e.path("eventName").asText()));
    }

    private static List<String> removedCves(String artifact) {
        return changesOf(artifact).getOrDefault("REMOVE", List.of()).stream()
                .map(e -> e.path("oldImage").path("VulnerabilityID").asText())
                .sorted()
                .toList();
    }

    @Test
    void aNewerVersionOfTheObject_retiresTheTwoFindingsItNoLongerReports() throws Exception {
        upload("by-object/img-a.json", trivy("img-a", 1, 2, 3, 4, 5));
        assertThat(itemsOf("img-a")).hasSize(5);

        upload("by-object/img-a.json", trivy("img-a", 3, 4, 5, 6));

        assertThat(itemsOf("img-a"))
                .hasSize(4)
                .allSatisfy(pk -> assertThat(pk).doesNotContain("CVE-2026-1#").doesNotContain("CVE-2026-2#"));
        Map<String, List<JsonNode>> changes = changesOf("img-a");
        assertThat(removedCves("img-a")).containsExactly("CVE-2026-1", "CVE-2026-2");
        assertThat(changes.get("REMOVE"))
                .allSatisfy(e ->
                        assertThat(e.path("oldImage").path("Severity").asText()).isEqualTo("HIGH"));
        assertThat(changes.get("INSERT")).hasSize(6); // five of scan A, one new of scan B
        assertThat(changes.get("INSERT").stream()
                        .filter(e -> e.path("newImage")
                                .path("VulnerabilityID")
                                .asText()
                                .equals("CVE-2026-6")))
                .hasSize(1);
    }

    @Test
    void aNewerScanOfTheSameArtifactUnderAnotherKey_retires_andALateRedeliveryOfTheOlderChangesNothing()
            throws Exception {
        upload("trivy/nightly-1.json", trivy("img-b", 1, 2, 3, 4, 5));
        String eventA = pipeline.notifications().events().stream()
                .filter(e -> e.contains("trivy/nightly-1.json"))
                .reduce((first, second) -> second)
                .orElseThrow();
        Thread.sleep(1100); // scan order is LastModified first (whole seconds, as S3 sends it): B is stored later
        upload("trivy/nightly-2.json", trivy("img-b", 3, 4, 5, 6));

        assertThat(itemsOf("img-b")).hasSize(4);
        assertThat(removedCves("img-b")).containsExactly("CVE-2026-1", "CVE-2026-2");
        assertThat(changesOf("img-b").get("INSERT")).hasSize(6);

        Map<String, AttributeValue> before = itemMap("img-b");
        long streamBefore = pipeline.aws().streamRecordCount("Findings");
        long eventsBefore = pipeline.hecEventIds();
        pipeline.notifications().redeliver(eventA); // S3 delivers scan A's event again, late
        settle();

        assertThat(pipeline.notifications().failures()).isEmpty();
        assertThat(itemMap("img-b")).isEqualTo(before);
        assertThat(pipeline.aws().streamRecordCount("Findings")).isEqualTo(streamBefore);
        assertThat(pipeline.hecEventIds()).isEqualTo(eventsBefore);
    }

    @Test
    void aScanWhoseWriteFailsHalfway_retiresNothing_untilItIsRetriedAndComplete() throws Exception {
        upload("trivy/img-c-1.json", trivy("img-c", 1, 2, 3, 4, 5));
        pipeline.ingestWriteFaults().refuse(item -> item.get("pk").s().startsWith("img-c#CVE-2026-4#"));
        Thread.sleep(1100);
        upload("trivy/img-c-2.json", trivy("img-c", 3, 4, 5, 6));

        assertThat(pipeline.ingestWriteFaults().refused()).isPositive();
        assertThat(pipeline.notifications().failures()).hasSize(1); // every Lambda attempt failed
        assertThat(itemsOf("img-c")).contains("img-c#CVE-2026-1#pkg1", "img-c#CVE-2026-2#pkg2");
        assertThat(removedCves("img-c")).isEmpty();

        pipeline.ingestWriteFaults().clear();
        pipeline.notifications().redeliverFailures();
        settle();

        assertThat(pipeline.notifications().failures()).isEmpty();
        assertThat(itemsOf("img-c")).hasSize(4);
        assertThat(removedCves("img-c")).containsExactly("CVE-2026-1", "CVE-2026-2");
    }

    private static Map<String, AttributeValue> itemMap(String artifact) {
        Map<String, AttributeValue> items = new LinkedHashMap<>();
        pipeline.aws().scanAll("Findings").stream()
                .filter(item -> item.get("pk").s().startsWith(artifact + "#"))
                .sorted(java.util.Comparator.comparing(item -> item.get("pk").s()))
                .forEach(item -> items.put(item.get("pk").s(), AttributeValue.fromM(item)));
        return items;
    }
}
