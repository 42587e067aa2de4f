package io.scanpipeline.ingest.reingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestHandler;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.LambdaEvents;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The re-ingest command against the local emulators (S3 with versioning, DynamoDB with its stream): over a prefix
 * (backfill of objects that never had an event, next to one that did) and over the quarantine after a rule fix,
 * each run twice through the command line, with the printed counts asserted and the second run adding no stream
 * record and rewriting no quarantine object.
 */
class ReingestIT {

    private static final String EMPLOYEE_RULES =
            "[{\"prefix\":\"hr/\",\"recordPath\":\"\",\"partitionKey\":\"${emp_id}\"}]";
    /** The rule as first deployed: a typo in the key template (VulnerabilityId) rejects every Trivy record. */
    private static final String TRIVY_RULE_WITH_TYPO = trivyRule("${Target}#${VulnerabilityId}#${PkgName}");

    private static final String TRIVY_RULE_FIXED = trivyRule("${Target}#${VulnerabilityID}#${PkgName}");
    /** A later fix for the record that has no PkgName. */
    private static final String TRIVY_RULE_WITHOUT_PKG = trivyRule("${Target}#${VulnerabilityID}");

    private static final String TRIVY_SCAN = """
            {"ArtifactName":"alpine:3.9","Results":[
              {"Target":"alpine:3.9 (alpine 3.9.2)","Vulnerabilities":[
                {"VulnerabilityID":"CVE-2019-1549","PkgName":"libcrypto1.1","Severity":"MEDIUM"},
                {"VulnerabilityID":"CVE-2019-1563","PkgName":"libssl1.1","Severity":"LOW"}]},
              {"Target":"app/Gemfile.lock","Vulnerabilities":[
                {"VulnerabilityID":"CVE-2020-8165","PkgName":"activesupport","Severity":"CRITICAL"},
                {"VulnerabilityID":"CVE-2021-0001","Severity":"HIGH"}]}]}
            """;

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.shared();
        // the command takes the SDK's default credentials chain, as on an operator's machine or in an ECS task
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    private static String trivyRule(String template) {
        return "[{\"prefix\":\"trivy/\",\"table\":\"%s\",\"partitionKeyName\":\"pk\","
                + "\"recordPath\":\"/Results/*/Vulnerabilities\",\"partitionKey\":\"" + template.replace("\"", "\\\"")
                + "\",\"projection\":[\"Target\",\"VulnerabilityID\",\"PkgName\",\"Severity\"]}]";
    }

    private record Run(int exit, List<String> lines, Map<String, Long> counts) {}

    private static final Pattern COUNT = Pattern.compile("(\\w+)=(\\d+)");

    /** Runs the command as bin/reingest does, with the emulators' environment. */
    private static Run reingest(String table, String rules, String... args) {
        Map<String, String> env = new HashMap<>(aws.env());
        env.put("TABLE_NAME", table);
        env.put("INGEST_RULES", rules);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Reingest.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as("stdout of reingest; stderr: %s", err).isNotEmpty();
        lines.forEach(line -> System.out.println("reingest> " + line)); // the printed counts, for the build log
        assertThat(err.toString()).as("stderr holds only structured log lines").doesNotContain("reingest:");
        Map<String, Long> counts = new HashMap<>();
        Matcher m = COUNT.matcher(lines.get(lines.size() - 1));
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new Run(exit, lines, counts);
    }

    private static String newBucket() {
        String bucket = "reingest-" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        return bucket;
    }

    private static Optional<String> versionOf(String bucket, String key) {
        if (aws.s3().listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents().stream()
                .noneMatch(o -> o.key().equals(key))) {
            return Optional.empty();
        }
        return Optional.of(aws.s3().headObject(r -> r.bucket(bucket).key(key)).versionId());
    }

    private static List<JsonNode> lines(String bucket, String key) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : aws.s3()
                .getObjectAsBytes(r -> r.bucket(bucket).key(key))
                .asUtf8String()
                .split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    private static IngestHandler handler(String table, String rules) {
        IngestConfig config = IngestConfig.fromEnv(Map.of("TABLE_NAME", table, "INGEST_RULES", rules));
        StructuredLog log = StructuredLog.to("test", line -> {});
        return new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);
    }

    private static Map<String, AttributeValue> item(String table, String name, String key) {
        return aws.dynamoDb()
                .getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(name, AttributeValue.fromS(key))))
                .item();
    }

    @Test
    void prefix_backfillsObjectsWithoutEvents_keepsIngestedItemsAsTheyAre_andASecondRunChangesNothing()
            throws IOException {
        String bucket = newBucket();
        String table = "Employees" + UUID.randomUUID().toString().substring(0, 8);
        aws.createTable(table, "emp_id");
        // ingested by its event: its items carry the event's sequencer, which the re-ingest must keep
        String event = aws.putAndCaptureEvent(
                bucket,
                "hr/a.json",
                RequestBody.fromString("[{\"emp_id\":\"A1\",\"name\":\"Ann\"},{\"emp_id\":\"A2\",\"name\":\"Al\"}]"));
        handler(table, EMPLOYEE_RULES).handleRequest(LambdaEvents.s3Event(event), null);
        String sequencer = Json.mapper()
                .readTree(event)
                .at("/Records/0/s3/object/sequencer")
                .asText();
        // there before the pipeline: no event, never ingested; one record has no key
        aws.s3()
                .putObject(
                        r -> r.bucket(bucket).key("hr/b.ndjson"),
                        RequestBody.fromString(
                                "{\"emp_id\":\"B1\",\"name\":\"Bo\"}\n{\"name\":\"no key\"}\n{\"emp_id\":\"B2\",\"name\":\"Bea\"}\n"));
        aws.s3()
                .putObject(
                        r -> r.bucket(bucket).key("hr/c.json"),
                        RequestBody.fromString("[{\"emp_id\":\"C1\",\"v\":1}]"));
        String current = aws.s3()
                .putObject(
                        r -> r.bucket(bucket).key("hr/c.json"), RequestBody.fromString("[{\"emp_id\":\"C1\",\"v\":2}]"))
                .versionId();
        aws.s3().putObject(r -> r.bucket(bucket).key("other/d.json"), RequestBody.fromString("[{\"emp_id\":\"D1\"}]"));
        long streamBefore = aws.streamRecordCount(table);
        assertThat(streamBefore).isEqualTo(2);

        Run first = reingest(table, EMPLOYEE_RULES, "--bucket", bucket, "--prefix", "hr/");

        assertThat(first.exit()).isZero();
        assertThat(first.lines()).filteredOn(l -> l.startsWith("INGESTED ")).hasSize(3);
        assertThat(first.counts())
                .containsEntry("objects", 3L)
                .containsEntry("records", 6L)
                .containsEntry("written", 5L)
                .containsEntry("unchanged", 2L)
                .containsEntry("changed", 3L)
                .containsEntry("quarantined", 1L)
                .containsEntry("failed", 0L);
        assertThat(aws.streamRecordCount(table))
                .as("one stream record per changed item")
                .isEqualTo(streamBefore + 3);
        assertThat(item(table, "emp_id", "A1")
                        .get("_source")
                        .m()
                        .get("sequencer")
                        .s())
                .isEqualTo(sequencer);
        assertThat(item(table, "emp_id", "C1").get("v").n())
                .as("only the current version")
                .isEqualTo("2");
        assertThat(item(table, "emp_id", "C1")
                        .get("_source")
                        .m()
                        .get("versionId")
                        .s())
                .isEqualTo(current);
        assertThat(item(table, "emp_id", "D1")).as("outside the prefix").isEmpty();
        String bVersion =
                aws.s3().headObject(r -> r.bucket(bucket).key("hr/b.ndjson")).versionId();
        String quarantineKey = "quarantine/hr/b.ndjson/" + bVersion + ".ndjson";
        assertThat(lines(bucket, quarantineKey))
                .singleElement()
                .satisfies(l -> assertThat(l.path("reason").asText()).isEqualTo("MISSING_KEY_FIELD"));
        Optional<String> quarantineVersion = versionOf(bucket, quarantineKey);

        Run second = reingest(table, EMPLOYEE_RULES, "--bucket", bucket, "--prefix", "hr/");

        assertThat(second.exit()).isZero();
        assertThat(second.counts())
                .containsEntry("objects", 3L)
                .containsEntry("records", 6L)
                .containsEntry("written", 5L)
                .containsEntry("unchanged", 5L)
                .containsEntry("changed", 0L)
                .containsEntry("quarantined", 1L);
        assertThat(second.lines().get(second.lines().size() - 1)).endsWith("(no item changed)");
        assertThat(aws.streamRecordCount(table))
                .as("no stream record on the second run")
                .isEqualTo(streamBefore + 3);
        assertThat(versionOf(bucket, quarantineKey))
                .as("the quarantine object is not rewritten")
                .isEqualTo(quarantineVersion);
    }

    @Test
    void quarantine_landsWhatTheFixedRuleAccepts_keepsWhatFailsAgainWithItsNewReason_andASecondRunChangesNothing()
            throws IOException {
        String bucket = newBucket();
        String table = "Findings" + UUID.randomUUID().toString().substring(0, 8);
        aws.createTable(table, "pk");
        String event = aws.putAndCaptureEvent(bucket, "trivy/alpine.json", RequestBody.fromString(TRIVY_SCAN));
        handler(table, TRIVY_RULE_WITH_TYPO.formatted(table)).handleRequest(LambdaEvents.s3Event(event), null);
        JsonNode s3 = Json.mapper().readTree(event).at("/Records/0/s3/object");
        String quarantineKey =
                "quarantine/trivy/alpine.json/" + s3.path("versionId").asText() + ".ndjson";
        assertThat(lines(bucket, quarantineKey)).hasSize(4).allSatisfy(l -> {
            assertThat(l.path("field").asText()).isEqualTo("VulnerabilityId");
            assertThat(l.path("context").path("Target").isTextual())
                    .as("the context is kept with the record")
                    .isTrue();
        });
        assertThat(aws.scanAll(table)).isEmpty();

        Run first = reingest(table, TRIVY_RULE_FIXED.formatted(table), "--bucket", bucket, "--quarantine");

        assertThat(first.exit()).isZero();
        assertThat(first.counts())
                .containsEntry("objects", 1L)
                .containsEntry("records", 4L)
                .containsEntry("written", 3L)
                .containsEntry("changed", 3L)
                .containsEntry("quarantined", 1L)
                .containsEntry("skipped", 0L);
        assertThat(aws.streamRecordCount(table)).isEqualTo(3);
        Map<String, AttributeValue> landed = item(table, "pk", "alpine:3.9 (alpine 3.9.2)#CVE-2019-1549#libcrypto1.1");
        assertThat(landed.get("Severity").s()).isEqualTo("MEDIUM");
        assertThat(landed.get("_source").m())
                .as("the item the ingest would have written")
                .containsEntry(
                        "versionId", AttributeValue.fromS(s3.path("versionId").asText()))
                .containsEntry(
                        "sequencer", AttributeValue.fromS(s3.path("sequencer").asText()))
                .containsEntry("record", AttributeValue.fromN("0"));
        assertThat(lines(bucket, quarantineKey)).singleElement().satisfies(l -> {
            assertThat(l.path("reason").asText()).isEqualTo("MISSING_KEY_FIELD");
            assertThat(l.path("field").asText()).as("the new reason").isEqualTo("PkgName");
            assertThat(l.path("recordIndex").asLong()).isEqualTo(3);
            assertThat(l.at("/record/VulnerabilityID").asText()).isEqualTo("CVE-2021-0001");
            assertThat(l.at("/context/Target").asText()).isEqualTo("app/Gemfile.lock");
        });
        Optional<String> quarantineVersion = versionOf(bucket, quarantineKey);

        Run second = reingest(table, TRIVY_RULE_FIXED.formatted(table), "--bucket", bucket, "--quarantine");

        assertThat(second.exit()).isZero();
        assertThat(second.counts())
                .containsEntry("objects", 1L)
                .containsEntry("records", 1L)
                .containsEntry("written", 0L)
                .containsEntry("changed", 0L)
                .containsEntry("quarantined", 1L);
        assertThat(aws.streamRecordCount(table))
                .as("no stream record on the second run")
                .isEqualTo(3);
        assertThat(versionOf(bucket, quarantineKey))
                .as("the quarantine object is not rewritten")
                .isEqualTo(quarantineVersion);

        Run third = reingest(
                table,
                TRIVY_RULE_WITHOUT_PKG.formatted(table),
                "--bucket",
                bucket,
                "--quarantine",
                "--prefix",
                "trivy/");

        assertThat(third.counts()).containsEntry("written", 1L).containsEntry("quarantined", 0L);
        assertThat(item(table, "pk", "app/Gemfile.lock#CVE-2021-0001")).isNotEmpty();
        assertThat(versionOf(bucket, quarantineKey))
                .as("every record landed: the quarantine object is gone")
                .isEmpty();
        assertThat(aws.streamRecordCount(table)).isEqualTo(4);
    }
}
