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
 * Bad input, one case per test: each asserts the quarantine line's reason and that the good records of the same
 * file landed. Runs the default configuration (table keyed by emp_id, whole records kept).
 */
class IngestQuarantineIT {

    private static LocalAws aws;
    private static String bucket;
    private static String table;
    private static IngestHandler handler;

    @BeforeAll
    static void start() {
        aws = LocalAws.shared();
        bucket = "drop-" + UUID.randomUUID().toString().substring(0, 8);
        table = "Employees" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        aws.createTable(table, "emp_id");
        IngestConfig config = IngestConfig.fromEnv(Map.of(
                "TABLE_NAME",
                table,
                "INGEST_RULES",
                "[{\"prefix\":\"paths/\",\"recordPath\":\"/matches\",\"partitionKey\":\"${emp_id}\"}]"));
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

    private record Outcome(Map<String, Object> result, List<JsonNode> quarantine, String versionId) {}

    private static Outcome ingest(String key, byte[] content) throws IOException {
        String event = aws.putAndCaptureEvent(bucket, key, RequestBody.fromBytes(content));
        Map<String, Object> result = handler.handleRequest(LambdaEvents.s3Event(event), null);
        String version = Json.mapper()
                .readTree(event)
                .at("/Records/0/s3/object/versionId")
                .asText();
        return new Outcome(result, quarantineLines(key, version), version);
    }

    private static Outcome ingest(String key, String content) throws IOException {
        return ingest(key, content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> quarantineLines(String key, String version) throws IOException {
        String quarantineKey = "quarantine/" + key + "/" + version + ".ndjson";
        List<JsonNode> lines = new ArrayList<>();
        if (aws.s3().listObjectsV2(r -> r.bucket(bucket).prefix(quarantineKey)).keyCount() == 0) {
            return lines;
        }
        String text = aws.s3()
                .getObjectAsBytes(r -> r.bucket(bucket).key(quarantineKey))
                .asUtf8String();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    private static Map<String, AttributeValue> item(String empId) {
        return aws.dynamoDb()
                .getItem(
                        r -> r.tableName(table).consistentRead(true).key(Map.of("emp_id", AttributeValue.fromS(empId))))
                .item();
    }

    @Test
    void missingKeyField_isQuarantined_andTheOtherRecordsLand() throws IOException {
        Outcome outcome = ingest(
                "missing-key.json",
                "[{\"emp_id\":\"M1\",\"name\":\"a\"},{\"name\":\"no key\"},{\"emp_id\":\"M2\",\"name\":\"b\"}]");
        assertThat(outcome.result().get("itemsWritten")).isEqualTo(2L);
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("MISSING_KEY_FIELD");
            assertThat(line.path("field").asText()).isEqualTo("emp_id");
            assertThat(line.path("recordIndex").asLong()).isEqualTo(1);
            assertThat(line.path("message").asText())
                    .contains("missing-key.json")
                    .contains("record 1")
                    .contains("needs field 'emp_id'");
            assertThat(line.path("record").path("name").asText()).isEqualTo("no key");
            assertThat(line.at("/source/versionId").asText()).isEqualTo(outcome.versionId());
        });
        assertThat(item("M1")).isNotEmpty();
        assertThat(item("M2")).isNotEmpty();
    }

    @Test
    void objectAsKey_isQuarantinedAsBadKeyType() throws IOException {
        Outcome outcome = ingest("bad-type.json", "[{\"emp_id\":{\"nested\":1}},{\"emp_id\":\"T1\"}]");
        assertThat(outcome.quarantine())
                .singleElement()
                .satisfies(line -> assertThat(line.path("reason").asText()).isEqualTo("BAD_KEY_TYPE"));
        assertThat(item("T1")).isNotEmpty();
    }

    @Test
    void recordOver400KB_isQuarantinedWithoutItsBody_andTheOthersLand() throws IOException {
        String big = "x".repeat(450 * 1024);
        Outcome outcome = ingest(
                "too-large.json",
                "[{\"emp_id\":\"L1\"},{\"emp_id\":\"L2\",\"blob\":\"" + big + "\"},{\"emp_id\":\"L3\"}]");
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("ITEM_TOO_LARGE");
            assertThat(line.path("field").asText()).isEqualTo("blob");
            assertThat(line.has("record"))
                    .as("a 450 KB record is not copied whole")
                    .isFalse();
            assertThat(line.path("excerpt").asText()).hasSizeLessThan(1100);
        });
        assertThat(item("L1")).isNotEmpty();
        assertThat(item("L2")).isEmpty();
        assertThat(item("L3")).isNotEmpty();
    }

    @Test
    void nestingBeyond32Levels_isQuarantined() throws IOException {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        Outcome outcome = ingest("deep.json", "[{\"emp_id\":\"D1\",\"tree\":" + deep + "},{\"emp_id\":\"D2\"}]");
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("UNSUPPORTED_VALUE");
            assertThat(line.path("field").asText()).startsWith("tree.a.a.a");
        });
        assertThat(item("D2")).isNotEmpty();
    }

    @Test
    void malformedJsonMidFile_keepsTheRecordsBefore_andNamesTheByteOffset() throws IOException {
        String text = "[{\"emp_id\":\"J1\"},{\"emp_id\":\"J2\"},{\"emp_id\":\"J3\" \"oops\"},{\"emp_id\":\"J4\"}]";
        Outcome outcome = ingest("malformed.json", text);
        assertThat(outcome.result().get("itemsWritten")).isEqualTo(2L);
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("MALFORMED_JSON");
            assertThat(line.path("byteOffset").asLong()).isEqualTo(text.indexOf("\"oops\""));
            assertThat(line.path("message").asText()).contains("malformed.json").contains("at byte");
        });
        assertThat(item("J1")).isNotEmpty();
        assertThat(item("J2")).isNotEmpty();
        assertThat(item("J4")).isEmpty();
    }

    @Test
    void ndjsonBadLine_isQuarantinedWithItsLine_andReadingGoesOn() throws IOException {
        Outcome outcome = ingest("lines.ndjson", "{\"emp_id\":\"N1\"}\n{\"emp_id\": oops}\n{\"emp_id\":\"N3\"}\n");
        assertThat(outcome.result().get("itemsWritten")).isEqualTo(2L);
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("MALFORMED_JSON");
            assertThat(line.path("line").asLong()).isEqualTo(2);
            assertThat(line.path("excerpt").asText()).contains("oops");
        });
        assertThat(item("N3")).isNotEmpty();
    }

    @Test
    void fileThatIsNotJson_getsOneQuarantineLine() throws IOException {
        Outcome outcome = ingest("report.csv", "emp_id,name\nC1,Ada\n");
        assertThat(outcome.result().get("itemsWritten")).isEqualTo(0L);
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("MALFORMED_JSON");
            assertThat(line.path("message").asText()).contains("not JSON");
        });
    }

    @Test
    void nonObjectRecord_isQuarantined() throws IOException {
        Outcome outcome = ingest("mixed.json", "[{\"emp_id\":\"X1\"},\"just a string\",42]");
        assertThat(outcome.quarantine())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line.path("reason").asText()).isEqualTo("BAD_RECORD_TYPE"));
        assertThat(item("X1")).isNotEmpty();
    }

    @Test
    void numberBeyond38Digits_isStoredAsAStringWithANote_notQuarantined() throws IOException {
        String digits = "123456789012345678901234567890123456789012";
        Outcome outcome = ingest("bignum.json", "[{\"emp_id\":\"B1\",\"serial\":" + digits + ",\"small\":1.50}]");
        assertThat(outcome.quarantine()).isEmpty();
        Map<String, AttributeValue> item = item("B1");
        assertThat(item.get("serial").s()).isEqualTo(digits);
        assertThat(item.get("small").n()).isEqualTo("1.5");
        assertThat(item.get("_notes").l().get(0).s()).contains("serial").contains("42 significant digits");
    }

    @Test
    void numbersOfAnySizeAndExponent_getAnOutcomePerRecord_andTheRestOfTheFileLands() throws IOException {
        String text = "[{\"emp_id\":\"H1\",\"x\":1e2147483648}," // beyond BigDecimal: kept as text
                + "{\"emp_id\":\"H2\",\"x\":100E+2147483647}," // its toString() would overflow
                + "{\"emp_id\":1e999999999}," // a billion digits if written out
                + "{\"emp_id\":\"H4\",\"x\":1e999999999,\"z\":0e999999999},"
                + "{\"emp_id\":\"H5\",\"n\":" + "9".repeat(150_000) + "},"
                + "{\"emp_id\":\"H6\",\"ok\":2.50}]";
        Outcome outcome = ingest("hostile-numbers.json", text);

        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("KEY_TOO_LONG");
            assertThat(line.path("recordIndex").asLong()).isEqualTo(2);
            assertThat(line.path("message").asText()).contains("1E+999999999");
        });
        assertThat(item("H1").get("x").s()).isEqualTo("1e2147483648");
        assertThat(item("H1").get("_notes").l().get(0).s()).startsWith("x: ");
        assertThat(item("H2").get("x").s()).isEqualTo("100E+2147483647");
        assertThat(item("H4").get("x").s()).isEqualTo("1E+999999999");
        assertThat(item("H4").get("z").n()).isEqualTo("0");
        assertThat(item("H5").get("n").s()).hasSize(150_000);
        assertThat(item("H6").get("ok").n()).isEqualTo("2.5");
    }

    @Test
    void loneSurrogates_areReplacedAndNotedInValuesAndNames_andQuarantinedInKeys() throws IOException {
        Outcome outcome = ingest(
                "surrogates.ndjson",
                "{\"emp_id\":\"U1\",\"name\":\"bad \\ud800 here\",\"tags\":[\"\\udc00\"]}\n"
                        + "{\"emp_id\":\"U2\\ud800\"}\n"
                        + "{\"emp_id\":\"U3\",\"na\\udfffme\":\"v\"}\n" // in a name: replaced and noted as in a value
                        + "{\"emp_id\":\"U4\",\"emoji\":\"\\ud83d\\ude00\"}\n");

        Map<String, AttributeValue> u1 = item("U1");
        assertThat(u1.get("name").s()).isEqualTo("bad \uFFFD here");
        assertThat(u1.get("tags").l().get(0).s()).isEqualTo("\uFFFD");
        assertThat(u1.get("_notes").l())
                .extracting(AttributeValue::s)
                .anySatisfy(n -> assertThat(n).startsWith("name: string is not valid Unicode"));
        assertThat(outcome.quarantine()).hasSize(1);
        JsonNode key = outcome.quarantine().get(0);
        assertThat(key.path("reason").asText()).isEqualTo("INVALID_UNICODE");
        assertThat(key.path("field").asText()).isEqualTo("emp_id");
        assertThat(key.path("recordIndex").asLong()).isEqualTo(1);
        assertThat(key.at("/record/emp_id").asText())
                .as("kept exactly, escaped")
                .isEqualTo("U2\ud800");
        Map<String, AttributeValue> u3 = item("U3");
        assertThat(u3.get("na\uFFFDme").s()).isEqualTo("v");
        assertThat(u3.get("_notes").l())
                .extracting(AttributeValue::s)
                .containsExactly(
                        "na\uFFFDme: attribute name is not valid Unicode (lone surrogate \\udfff at character 2); replaced with U+FFFD");
        assertThat(item("U4").get("emoji").s()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void gzipWithBom_isDetectedByMagicBytes_notByName() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            gzip.write("[{\"emp_id\":\"G1\",\"name\":\"été 😀\"}]".getBytes(StandardCharsets.UTF_8));
        }
        Outcome outcome = ingest("compressed-without-extension", bytes.toByteArray());
        assertThat(outcome.quarantine()).isEmpty();
        assertThat(item("G1").get("name").s()).isEqualTo("été 😀");
    }

    @Test
    void recordPathMatchingNothing_isReportedWithTheTopLevelFields_notSilentlyEmpty() throws IOException {
        Outcome outcome = ingest("paths/object.json", "{\"findings\":[{\"emp_id\":\"P1\"}],\"report\":{\"x\":1}}");
        assertThat(outcome.result().get("itemsWritten")).isEqualTo(0L);
        assertThat(outcome.quarantine()).singleElement().satisfies(line -> {
            assertThat(line.path("reason").asText()).isEqualTo("RECORD_PATH_UNMATCHED");
            assertThat(line.path("message").asText())
                    .contains("/matches")
                    .contains("findings")
                    .contains("report");
        });
    }

    @Test
    void wholeObjectWithoutKey_atTheRootPath_isQuarantinedAsOneRecord() throws IOException {
        Outcome outcome = ingest("object.json", "{\"findings\":[{\"emp_id\":\"P1\"}]}");
        assertThat(outcome.quarantine())
                .singleElement()
                .satisfies(line -> assertThat(line.path("reason").asText()).isEqualTo("MISSING_KEY_FIELD"));
    }

    @Test
    void sourceKeyNearS3sLimit_getsALegalQuarantineKey_keepingTheFullKeyInTheLine() throws IOException {
        String key = "long/" + "k".repeat(1019); // 1,024 bytes, the longest key S3 takes
        String event = aws.putAndCaptureEvent(
                bucket, key, RequestBody.fromString("[{\"emp_id\":\"K1\"},{\"name\":\"no key\"}]"));
        Map<String, Object> result = handler.handleRequest(LambdaEvents.s3Event(event), null);
        String version = Json.mapper()
                .readTree(event)
                .at("/Records/0/s3/object/versionId")
                .asText();
        assertThat(result.get("itemsWritten")).isEqualTo(1L);
        String quarantineKey = new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/")
                .keyFor(new SourceObject(bucket, key, Optional.of(version), Optional.empty(), -1));
        JsonNode line = Json.mapper()
                .readTree(aws.s3()
                        .getObjectAsBytes(r -> r.bucket(bucket).key(quarantineKey))
                        .asUtf8String());
        assertThat(line.path("reason").asText()).isEqualTo("MISSING_KEY_FIELD");
        assertThat(line.at("/source/key").asText()).isEqualTo(key);
        assertThat(item("K1")).isNotEmpty();
    }

    @Test
    void objectUnderTheQuarantinePrefix_isNeverIngested() throws IOException {
        Outcome outcome = ingest("quarantine/loop.json", "[{\"emp_id\":\"Q1\"}]");
        assertThat(outcome.result().get("outcomes").toString()).contains("SKIPPED_QUARANTINE_OBJECT");
        assertThat(item("Q1")).isEmpty();
    }
}
