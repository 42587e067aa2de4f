package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Framing (AUTO / JSON / NDJSON), path semantics and context on small hand-made inputs. */
class RecordReaderFormatTest {

    @Test
    void auto_oneValuePerLine_isNdjson() {
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8("{\"a\":1}\r\n\n{\"a\":2}"));

        assertThat(got.summary.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(got.records).extracting(r -> r.value().get("a").intValue()).containsExactly(1, 2);
        assertThat(got.records).extracting(SourceRecord::line).containsExactly(1L, 3L);
        assertThat(got.records).extracting(SourceRecord::byteOffset).containsExactly(0L, 10L);
    }

    @Test
    void auto_singleDocumentOnOneLine_isJson() {
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8("[{\"a\":1},{\"a\":2}]\n\n"));

        assertThat(got.summary.format()).isEqualTo(InputFormat.JSON);
        assertThat(got.records).hasSize(2);
    }

    @Test
    void auto_concatenatedPrettyDocuments_areJson_andThePathsApplyToEach() {
        String text =
                "{\n \"page\": 1,\n \"findings\": [{\"id\":1},{\"id\":2}]\n}\n{\n \"page\": 2,\n \"findings\": [{\"id\":3}]\n}";

        Fixtures.Capture got = Fixtures.read("/findings", Fixtures.utf8(text));

        assertThat(got.summary.format()).isEqualTo(InputFormat.JSON);
        assertThat(got.records).extracting(r -> r.value().get("id").intValue()).containsExactly(1, 2, 3);
        assertThat(got.records)
                .extracting(r -> r.context().get("page").intValue())
                .containsExactly(1, 1, 2);
        assertThat(got.records).extracting(SourceRecord::line).containsExactly(3L, 3L, 7L);
    }

    @Test
    void auto_concatenatedOnOneLine_isJson() {
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8("{\"a\":1}{\"a\":2} {\"a\":3}"));

        assertThat(got.summary.format()).isEqualTo(InputFormat.JSON);
        assertThat(got.records).extracting(SourceRecord::byteOffset).containsExactly(0L, 7L, 15L);
    }

    @Test
    void ndjson_withANonRootPath_appliesThePathInsideEachLine() {
        String text = "{\"page\":1,\"findings\":[{\"id\":1},{\"id\":2}]}\n{\"page\":2,\"findings\":[{\"id\":3}]}\n";

        Fixtures.Capture got = Fixtures.read("/findings", Fixtures.utf8(text));

        assertThat(got.summary.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(got.records)
                .extracting(r -> r.context().get("page").intValue())
                .containsExactly(1, 1, 2);
        assertThat(got.records).extracting(SourceRecord::line).containsExactly(1L, 1L, 2L);
        assertThat(got.records.get(1).byteOffset()).isEqualTo(text.indexOf("{\"id\":2}"));
    }

    @Test
    void ndjson_lineIsAllOrNothing_recordsOfABrokenLineAreNotDelivered() {
        String text = "{\"findings\":[{\"id\":1},{\"id\":2},}\n{\"findings\":[{\"id\":3}]}\n";

        Fixtures.Capture got = Fixtures.read(
                new RecordReader(RecordPaths.parse("/findings"), InputFormat.NDJSON), Fixtures.utf8(text));

        assertThat(got.records).extracting(r -> r.value().get("id").intValue()).containsExactly(3);
        assertThat(got.records.get(0).index()).isZero();
        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.line()).isEqualTo(1));
    }

    @Test
    void ndjson_explicit_badFirstLineDoesNotStopTheRest() {
        Fixtures.Capture got = Fixtures.read(
                new RecordReader(RecordPaths.root(), InputFormat.NDJSON), Fixtures.utf8("{\"a\":\n{\"b\":1}\n"));

        assertThat(got.records)
                .singleElement()
                .satisfies(r -> assertThat(r.line()).isEqualTo(2));
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.line()).isEqualTo(1);
            assertThat(m.reason()).startsWith("Unexpected end-of-input");
        });
    }

    @Test
    void ndjson_twoValuesOnALine_isMalformed() {
        Fixtures.Capture got = Fixtures.read(
                new RecordReader(RecordPaths.root(), InputFormat.NDJSON),
                Fixtures.utf8("{\"a\":1} {\"b\":2}\n{\"c\":3}"));

        assertThat(got.records).hasSize(1);
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.reason()).startsWith("more than one JSON value on line 1");
            assertThat(m.byteOffset()).isEqualTo(8);
        });
    }

    @Test
    void json_explicit_readsNdjsonAsConcatenatedDocuments() {
        Fixtures.Capture got = Fixtures.read(
                new RecordReader(RecordPaths.root(), InputFormat.JSON), Fixtures.utf8("{\"a\":1}\n{\"a\":2}\n"));

        assertThat(got.summary.format()).isEqualTo(InputFormat.JSON);
        assertThat(got.records).extracting(SourceRecord::line).containsExactly(1L, 2L);
    }

    @Test
    void context_nearestAncestorWins_andOnlyFieldsBeforeTheRecordCount() {
        String text = "{\"Target\":\"root\",\"name\":\"r\",\"Results\":[{\"Target\":\"inner\",\"flag\":true,\"n\":null,"
                + "\"obj\":{\"x\":1},\"Vulns\":[{\"id\":1}],\"after\":2}],\"late\":3}";

        Fixtures.Capture got = Fixtures.read("/Results/*/Vulns", Fixtures.utf8(text));

        JsonNode context = got.records.get(0).context();
        assertThat(context.get("Target").asText()).isEqualTo("inner");
        assertThat(context.get("name").asText()).isEqualTo("r");
        assertThat(context.get("flag").booleanValue()).isTrue();
        assertThat(context.get("n").isNull()).isTrue();
        assertThat(context.has("obj")).isFalse();
        assertThat(context.has("after")).isFalse();
        assertThat(context.has("late")).isFalse();
    }

    @Test
    void contextNumbers_stayExact() {
        Fixtures.Capture got =
                Fixtures.read("/r", Fixtures.utf8("{\"big\":12345678901234567890123,\"d\":1.10,\"r\":[{}]}"));

        JsonNode context = got.records.get(0).context();
        assertThat(context.get("big").toString()).isEqualTo("12345678901234567890123");
        assertThat(context.get("d").toString()).isEqualTo("1.10");
    }

    @Test
    void pathEndingAtAnObjectOrScalar_isOneRecord_andWildcardWalksObjectMembers() {
        String text = "{\"meta\":{\"tool\":\"x\"},\"counts\":{\"high\":2,\"low\":{\"n\":1}},\"v\":\"s\"}";

        assertThat(Fixtures.read("/meta", Fixtures.utf8(text)).values())
                .singleElement()
                .satisfies(v -> assertThat(v.get("tool").asText()).isEqualTo("x"));
        assertThat(Fixtures.read("/v", Fixtures.utf8(text)).values())
                .singleElement()
                .satisfies(v -> assertThat(v.asText()).isEqualTo("s"));
        assertThat(Fixtures.read("/counts/*", Fixtures.utf8(text)).values())
                .extracting(JsonNode::toString)
                .containsExactly("2", "{\"n\":1}");
    }

    @Test
    void severalPaths_areMatchedInOnePass_inDocumentOrder() {
        String text =
                "{\"Results\":[{\"Target\":\"a\",\"Misconfigurations\":[{\"m\":1}],\"Vulnerabilities\":[{\"v\":1}]},"
                        + "{\"Target\":\"b\",\"Vulnerabilities\":[{\"v\":2}]}]}";

        Fixtures.Capture got =
                Fixtures.read("/Results/*/Vulnerabilities,/Results/*/Misconfigurations", Fixtures.utf8(text));

        assertThat(got.values()).extracting(JsonNode::toString).containsExactly("{\"m\":1}", "{\"v\":1}", "{\"v\":2}");
        assertThat(got.records)
                .extracting(r -> r.context().get("Target").asText())
                .containsExactly("a", "a", "b");
        assertThat(got.summary.unmatchedPaths()).isEmpty();
    }

    @Test
    void overlappingWildcardPaths_yieldEachRecordOnce_theShorterMatchWins() {
        Fixtures.Capture got = Fixtures.read("/a,/*/x", Fixtures.utf8("{\"a\":{\"x\":[1]},\"b\":{\"x\":[2]}}"));

        assertThat(got.values()).extracting(JsonNode::toString).containsExactly("{\"x\":[1]}", "2");
        assertThat(got.summary.unmatchedPaths()).isEmpty();
    }

    @Test
    void escapedFieldNames_areMatched() {
        Fixtures.Capture got = Fixtures.read("/a~1b/c~0d", Fixtures.utf8("{\"a/b\":{\"c~d\":[1,2]}}"));

        assertThat(got.records).hasSize(2);
    }

    @Test
    void leadingWhitespaceAndCrLf_keepLinesRight() {
        String text = "\r\n\r\n  [\r\n {\"a\":1},\r\n {\"a\":2}\r\n]";

        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8(text));

        assertThat(got.records).extracting(SourceRecord::line).containsExactly(4L, 5L);
        assertThat(got.records)
                .extracting(SourceRecord::byteOffset)
                .containsExactly((long) text.indexOf("{\"a\":1"), (long) text.indexOf("{\"a\":2"));
    }

    @Test
    void topLevelArrayWithRootPath_eachElementIsARecord_evenScalars() {
        Fixtures.Capture got = Fixtures.read("", Fixtures.utf8("[1, \"two\", null, [3]]"));

        assertThat(got.values()).extracting(JsonNode::toString).containsExactly("1", "\"two\"", "null", "[3]");
    }
}
