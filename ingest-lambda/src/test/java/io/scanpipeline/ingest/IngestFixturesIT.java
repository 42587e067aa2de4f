package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every third-party scan fixture goes through the real handler, against the local S3 server and DynamoDB: uploaded
 * with the SDK, the S3 event rendered by the S3 server, read back by the Lambda runtime's serializer, items scanned
 * back from the table. Expected counts are distinct keys (computed from the fixtures with python3: a record whose
 * key repeats replaces the earlier one).
 */
class IngestFixturesIT {

    private static final String RULES = """
            {"rules": [
              {"prefix": "trivy/", "recordPath": "/Results/*/Vulnerabilities,/*/Vulnerabilities",
               "partitionKey": "${Target}#${VulnerabilityID}#${PkgName}#${InstalledVersion}",
               "projection": ["ArtifactName", "Target", "VulnerabilityID", "PkgName", "InstalledVersion",
                              "FixedVersion", "Severity", "CVSS.nvd.V3Score=cvss_nvd_v3"]},
              {"prefix": "trivy-config/", "recordPath": "/Results/*/Misconfigurations",
               "partitionKey": "${Target}#${ID}", "projection": "Target,ID,Title,Severity,Status"},
              {"prefix": "trivy-k8s/", "recordPath": "/Resources/*/Results/*/Misconfigurations",
               "partitionKey": "${^Namespace}/${Target}#${ID}", "projection": "^Namespace=Namespace,^Kind=Kind,^Name=Name,Target,ID,Title,Severity,Status"},
              {"prefix": "grype/", "recordPath": "/matches",
               "partitionKey": "${vulnerability.id}#${artifact.name}#${artifact.version}",
               "projection": "vulnerability.id=id,vulnerability.severity=severity,artifact.name=package,artifact.version=version"},
              {"prefix": "osv/", "recordPath": "/results/*/packages/*/vulnerabilities",
               "partitionKey": "${id}", "projection": "id,summary,details,modified"},
              {"prefix": "inspector/", "recordPath": "/findings", "partitionKey": "${findingArn}",
               "projection": "findingArn,severity,inspectorScore,title,status"},
              {"prefix": "nuclei/", "format": "NDJSON", "partitionKey": "${template-id}#${matched-at}",
               "projection": "template-id,info.name=name,info.severity=severity,matched-at,timestamp"},
              {"prefix": "checkmarx/", "recordPath": "/results", "partitionKey": "${id}",
               "projection": "id,type,severity,status,data.queryId=queryId,data.queryName=queryName"},
              {"prefix": "tenable/", "partitionKey": "${asset.uuid}#${plugin.id}#${port.port}",
               "projection": "asset.hostname=hostname,plugin.id=plugin_id,plugin.name=plugin_name,severity,state"},
              {"prefix": "asff/", "recordPath": "/Findings,/findings", "partitionKey": "${Id}",
               "projection": "Id,Title,Severity.Label=severity,AwsAccountId"},
              {"prefix": "asff-list/", "partitionKey": "${Id}", "projection": "Id,Title,Severity.Label=severity"}
            ]}""";

    private static LocalAws aws;
    private static String bucket;
    private static String table;
    private static IngestHandler handler;
    private static final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        aws = LocalAws.shared();
        bucket = "scans-" + UUID.randomUUID().toString().substring(0, 8);
        table = "Findings" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        aws.createTable(table, "pk");
        IngestConfig config =
                IngestConfig.fromEnv(Map.of("TABLE_NAME", table, "PARTITION_KEY", "pk", "INGEST_RULES", RULES));
        StructuredLog log = StructuredLog.to("test", logLines::add);
        handler = new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), java.util.Optional.empty(), "quarantine/"),
                        log),
                log);
    }

    /** Uploads a fixture, feeds the S3 server's own event through the Lambda serializer to the handler. */
    private static Map<String, Object> ingest(String fixture, String key) throws IOException {
        byte[] bytes;
        try (InputStream in = IngestFixturesIT.class.getResourceAsStream("/fixtures/" + fixture)) {
            bytes = in.readAllBytes();
        }
        String eventJson = aws.putAndCaptureEvent(bucket, key, RequestBody.fromBytes(bytes));
        return handler.handleRequest(LambdaEvents.s3Event(eventJson), null);
    }

    private static List<Map<String, AttributeValue>> itemsFrom(String key) {
        return aws.scanAll(table).stream()
                .filter(i -> i.get("_source").m().get("key").s().equals(key))
                .collect(Collectors.toList());
    }

    private static Map<String, AttributeValue> item(String pk) {
        return aws.dynamoDb()
                .getItem(r -> r.tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(pk)))
                        .consistentRead(true))
                .item();
    }

    private static void assertIngested(String fixture, String key, long records, long items) throws IOException {
        assertIngested(fixture, key, records, items, 0);
    }

    private static void assertIngested(String fixture, String key, long records, long items, long quarantined)
            throws IOException {
        Map<String, Object> result = ingest(fixture, key);
        assertThat(result.get("recordsRead")).as(fixture + " records").isEqualTo(records);
        assertThat(result.get("quarantined")).as(fixture + " quarantined").isEqualTo(quarantined);
        assertThat(itemsFrom(key)).as(fixture + " items").hasSize((int) items);
    }

    @Test
    void trivyImageScan_oneItemPerVulnerability_keyedWithTheResultTarget() throws IOException {
        assertIngested("vuln-scans/trivy-alpine-39.json", "trivy/alpine-39.json", 6, 6);
        Map<String, AttributeValue> item =
                item("testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)#CVE-2019-1549#libcrypto1.1#1.1.1b-r1");
        assertThat(item.get("Severity").s()).isEqualTo("MEDIUM");
        assertThat(item.get("cvss_nvd_v3").n()).isEqualTo("5.3");
        assertThat(item.get("ArtifactName").s()).isEqualTo("testdata/fixtures/images/alpine-39.tar.gz");
        assertThat(item).doesNotContainKeys("Description", "References", "CVSS");
    }

    @Test
    void trivyLegacyTopLevelArray_isReadWithTheWildcardPath() throws IOException {
        assertIngested("vuln-scans/trivy-legacy-toplevel-array.json", "trivy/legacy.json", 93, 93);
    }

    @Test
    void trivyMisconfigurations_helmAndKubernetes() throws IOException {
        assertIngested("vuln-scans/trivy-helm-testchart-misconfig.json", "trivy-config/helm.json", 6, 6);
        assertIngested("vuln-scans/trivy-k8s-resources.json", "trivy-k8s/k8s.json", 37, 37);
        // the misconfigurations carry their own "Namespace" (a check namespace): ^Namespace reads the resource's
        Map<String, AttributeValue> item = item("default/Service/kubernetes#KSV116");
        assertThat(item.get("Kind").s()).isEqualTo("Service");
        assertThat(item.get("Namespace").s()).isEqualTo("default");
    }

    @Test
    void grypeMatches() throws IOException {
        assertIngested("vuln-scans/grype-keycloak.json", "grype/keycloak.json", 6, 6);
        assertThat(item("CVE-2020-12413#nspr#4.34.0-17.el9_1").get("severity").s())
                .isEqualTo("Low");
    }

    @Test
    void osvVulnerabilities_repeatedIdsMerge_andTheNonBmpCharacterSurvives() throws IOException {
        assertIngested("vuln-scans/osv-scanner-results.json", "osv/results.json", 15, 11);
        assertIngested("vuln-scans/osv-scanner-many-findings.json", "osv/many.json", 66, 64);
        assertThat(item("GHSA-8qpw-xqxj-h4r2").get("details").s()).contains("`GET / HTTP/1.\uD835\uDFD9`");
    }

    @Test
    void inspectorFindings_keepTheirDecimalScore() throws IOException {
        assertIngested("vuln-scans/inspector2-findings.json", "inspector/findings.json", 8, 8);
        Map<String, AttributeValue> item =
                item("arn:aws:inspector2:us-east-1:012345678901:finding/00037f625ee77ac186869f906eb73366");
        assertThat(item.get("severity").s()).isEqualTo("MEDIUM");
        assertThat(item.get("inspectorScore").n()).isEqualTo("5.5");
    }

    @Test
    void nucleiNdjson_everyLineIsARecord_andLinesWithoutTheKeyFieldAreQuarantined() throws IOException {
        // lines 3, 4 and 27 have no matched-at; the other 24 lines hold 14 distinct template/target pairs
        assertIngested("vuln-scans/nuclei-findings.ndjson", "nuclei/findings.ndjson", 27, 14, 3);
        String quarantine = aws.s3()
                .getObjectAsBytes(r -> r.bucket(bucket)
                        .key(aws.s3()
                                .listObjectsV2(l -> l.bucket(bucket).prefix("quarantine/nuclei/findings.ndjson/"))
                                .contents()
                                .get(0)
                                .key()))
                .asUtf8String();
        assertThat(quarantine.lines().map(IngestFixturesIT::parse))
                .extracting(l -> l.path("line").asLong() + " "
                        + l.path("reason").asText() + " " + l.path("field").asText())
                .containsExactly(
                        "3 MISSING_KEY_FIELD matched-at",
                        "4 MISSING_KEY_FIELD matched-at",
                        "27 MISSING_KEY_FIELD matched-at");
        Map<String, AttributeValue> item = item("dvwa-default-login#http://dvwa_dvwa_1/index.php");
        assertThat(item.get("severity").s()).isEqualTo("critical");
        assertThat(item.get("name").s()).isEqualTo("DVWA Default Login");
        assertThat(item).doesNotContainKeys("request", "response");
    }

    @Test
    void checkmarxQueryIdBeyond64Bits_keepsEveryDigitAsANumber() throws IOException {
        assertIngested("vuln-scans/checkmarx-one-results-bigint.json", "checkmarx/results.json", 8, 8);
        AttributeValue queryId = item("111914456").get("queryId");
        assertThat(queryId.n()).isEqualTo("14517067005933136034");
    }

    @Test
    void tenableExportChunk() throws IOException {
        assertIngested("vuln-scans/tenable-io-vuln-export-chunk.json", "tenable/chunk.json", 1, 1);
        assertThat(item("cf165808-6a31-48e1-9cf3-c6c3174df51d#9062#0")
                        .get("plugin_id")
                        .n())
                .isEqualTo("9062");
    }

    @Test
    void asffFindings_upperAndLowerCaseAndTopLevelArray() throws IOException {
        assertIngested("asff/asff-securityhub-guardduty.json", "asff/guardduty.json", 4, 4);
        assertIngested("asff/asff-securityhub-inspector-ecr.json", "asff/inspector-ecr.json", 7, 7);
        assertIngested("asff/asff-config-lowercase-findings.json", "asff/config.json", 3, 3);
        assertIngested("asff/asff-trivy-alpine-310.json", "asff/trivy-310.json", 4, 2);
        assertIngested("asff/asff-inspector-toplevel-array.json", "asff-list/inspector.json", 5, 5);
    }

    @Test
    void everyObject_logsOneEmbeddedMetricLine() throws IOException {
        ingest("vuln-scans/grype-keycloak.json", "grype/metrics.json");
        JsonNode line = logLines.stream()
                .map(IngestFixturesIT::parse)
                .filter(l -> "grype/metrics.json".equals(l.path("key").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(line.path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .path("Namespace")
                        .asText())
                .isEqualTo("ScanPipeline/Ingest");
        assertThat(line.path("RecordsRead").asLong()).isEqualTo(6);
        assertThat(line.path("ItemsWritten").asLong()).isEqualTo(6);
        assertThat(line.path("outcome").asText()).isEqualTo("INGESTED");
        assertThat(line.path("Table").asText()).isEqualTo(table);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("log line is not JSON: " + line, e);
        }
    }
}
