package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Files built to exhaust memory, on the emulators, with small read limits set through the environment: each bound
 * quarantines with its own reason, the invocation succeeds, and the good records of the same file land.
 */
class IngestAmplificationIT {

    private static LocalAws aws;
    private static String bucket;
    private static String table;
    private static IngestHandler handler;

    @BeforeAll
    static void start() {
        aws = LocalAws.shared();
        bucket = "amp-" + UUID.randomUUID().toString().substring(0, 8);
        table = "Employees" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        aws.createTable(table, "emp_id");
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "TABLE_NAME",
                table,
                "INGEST_RULES",
                "[{\"prefix\":\"pages/\",\"recordPath\":\"/findings\",\"partitionKey\":\"${emp_id}\"}]",
                "MAX_RECORD_BYTES",
                "4096",
                "MAX_DECOMPRESSED_BYTES",
                "3000000", // above AUTO detection's 1 MiB look-ahead
                "MAX_RECORDS_PER_LINE",
                "100",
                "MAX_CONTEXT_BYTES",
                "1024"));
        StructuredLog log = StructuredLog.to("test", line -> {});
        handler = new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);
    }

    private static List<JsonNode> ingest(String key, byte[] content) throws IOException {
        String event = aws.putAndCaptureEvent(bucket, key, RequestBody.fromBytes(content));
        Map<String, Object> result = handler.handleRequest(LambdaEvents.s3Event(event), null);
        assertThat(result.get("outcomes").toString()).contains("INGESTED");
        String version = Json.mapper()
                .readTree(event)
                .at("/Records/0/s3/object/versionId")
                .asText();
        String quarantineKey = "quarantine/" + key + "/" + version + ".ndjson";
        List<JsonNode> lines = new ArrayList<>();
        if (aws.s3().listObjectsV2(r -> r.bucket(bucket).prefix(quarantineKey)).keyCount() == 0) {
            return lines;
        }
        for (String line : aws.s3()
                .getObjectAsBytes(r -> r.bucket(bucket).key(quarantineKey))
                .asUtf8String()
                .split("\n")) {
            lines.add(Json.mapper().readTree(line));
        }
        return lines;
    }

    private static Map<String, AttributeValue> item(String empId) {
        return aws.dynamoDb()
                .getItem(
                        r -> r.tableName(table).consistentRead(true).key(Map.of("emp_id", AttributeValue.fromS(empId))))
                .item();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oversizedJsonRecord_isQuarantinedWhileRead_andTheNextRecordLands() throws IOException {
        List<JsonNode> quarantine = ingest(
                "big.json",
                utf8("[{\"emp_id\":\"R1\"},{\"emp_id\":\"R2\",\"list\":[" + "1,".repeat(200_000)
                        + "1]},{\"emp_id\":\"R3\"}]"));

        assertThat(quarantine).extracting(l -> l.path("reason").asText()).containsExactly("RECORD_TOO_LARGE");
        assertThat(quarantine.get(0).path("message").asText()).contains("MAX_RECORD_BYTES");
        assertThat(item("R1")).isNotEmpty();
        assertThat(item("R2")).isEmpty();
        assertThat(item("R3")).isNotEmpty();
    }

    @Test
    void gzipPastTheDecompressedLimit_stopsThere_keepingTheRecordsBefore() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(utf8("[{\"emp_id\":\"G1\"},"));
            gzip.write(utf8(" ".repeat(5_000_000)));
            gzip.write(utf8("{\"emp_id\":\"G2\"}]"));
        }
        List<JsonNode> quarantine = ingest("bomb.json.gz", zipped.toByteArray());

        assertThat(quarantine).extracting(l -> l.path("reason").asText()).containsExactly("DECOMPRESSION_LIMIT");
        assertThat(item("G1")).isNotEmpty();
        assertThat(item("G2")).isEmpty();
    }

    @Test
    void ndjsonLinesPastTheRecordAndContextLimits_areQuarantined_andTheOtherLinesLand() throws IOException {
        String lines = "{\"findings\":[{\"emp_id\":\"C1\"}]}\n"
                + "{\"findings\":[" + "{\"emp_id\":\"CX\"},".repeat(100) + "{\"emp_id\":\"CY\"}]}\n"
                + "{\"scan\":\"" + "y".repeat(2000) + "\",\"findings\":[{\"emp_id\":\"C3\"}]}\n"
                + "{\"findings\":[{\"emp_id\":\"C4\"}]}\n";
        List<JsonNode> quarantine = ingest("pages/p.ndjson", utf8(lines));

        assertThat(quarantine)
                .extracting(l -> l.path("reason").asText())
                .containsExactly("TOO_MANY_RECORDS_IN_LINE", "CONTEXT_TOO_LARGE");
        assertThat(quarantine).extracting(l -> l.path("line").asLong()).containsExactly(2L, 3L);
        assertThat(item("C1")).isNotEmpty();
        assertThat(item("CX")).isEmpty();
        assertThat(item("CY")).isEmpty();
        assertThat(item("C3")).isEmpty();
        assertThat(item("C4")).isNotEmpty();
    }
}
