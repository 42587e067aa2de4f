package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.UnconvertedNumberNode;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Unusual but legal input, and input built to exhaust memory: every record gets its own outcome (delivered, or
 * reported with a reason) and reading goes on where the format allows.
 */
class RecordReaderHostileInputTest {

    @Test
    void numberWhoseExponentOverflowsAnInt_staysInItsRecord_andTheDocumentGoesOn() {
        Fixtures.Capture got = Fixtures.read(
                "/",
                Fixtures.utf8(
                        "[{\"id\":\"A\",\"x\":1e2147483648},{\"id\":\"B\",\"y\":-2.5E-2147483649},{\"id\":\"C\"}]"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.values()).extracting(v -> v.path("id").asText()).containsExactly("A", "B", "C");
        JsonNode x = got.values().get(0).get("x");
        assertThat(x).isInstanceOf(UnconvertedNumberNode.class);
        assertThat(x.asText()).isEqualTo("1e2147483648");
        assertThat(got.values().get(1).get("y").asText()).isEqualTo("-2.5E-2147483649");
    }

    @Test
    void numberLongerThanJacksonsLimit_staysInItsRecordAsText_andTheDocumentGoesOn() {
        String digits = "7".repeat(200_000);
        Fixtures.Capture got =
                Fixtures.read("/", Fixtures.utf8("[{\"id\":\"A\",\"n\":" + digits + "},{\"id\":\"B\",\"n\":12}]"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.values()).hasSize(2);
        assertThat(got.values().get(0).get("n")).isInstanceOf(UnconvertedNumberNode.class);
        assertThat(got.values().get(0).get("n").asText()).isEqualTo(digits);
        assertThat(got.values().get(1).get("n").intValue()).isEqualTo(12);
    }

    @Test
    void ordinaryNumbers_keepTheNodeTypesOfTheSharedMapper() {
        String text = "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.50,\"e\":1e999999999}";
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8(text));

        assertThat(got.values())
                .singleElement()
                .isEqualTo(Fixtures.expectedRecords(Fixtures.utf8(text), "/").get(0));
        assertThat(got.values().get(0).get("d").decimalValue().scale()).isEqualTo(2);
    }

    @Test
    void numberInTheContext_thatCannotBeConverted_staysInTheContextAsText() {
        Fixtures.Capture got = Fixtures.read("/r", Fixtures.utf8("{\"scan\":9e99999999999,\"r\":[{\"id\":\"A\"}]}"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.records)
                .singleElement()
                .satisfies(r -> assertThat(r.context().get("scan").asText()).isEqualTo("9e99999999999"));
    }

    @Test
    void gzipBomb_stopsAtTheDecompressionRatio_afterDeliveringTheRecordsBefore() throws Exception {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
            gzip.write(Fixtures.utf8("[{\"a\":1},"));
            byte[] spaces = " ".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) { // 100 MiB of whitespace, about 100 KB compressed
                gzip.write(spaces);
            }
            gzip.write(Fixtures.utf8("{\"b\":2}]"));
        }

        Fixtures.Capture got = Fixtures.read("/", zipped.toByteArray());

        assertThat(got.values()).extracting(v -> v.fieldNames().next()).containsExactly("a");
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(RejectReason.DECOMPRESSION_LIMIT);
            assertThat(m.reason()).contains("MAX_DECOMPRESSION_RATIO");
        });
        assertThat(got.summary.complete()).isFalse();
    }

    @Test
    void oversizedRecord_isReportedBeforeTheRestOfItIsRead_andTheNextRecordIsDelivered() {
        int elements = 10_000_000; // "0," x 10 million: a 20 MB record, generated as it is read
        byte[] head = Fixtures.utf8("[{\"a\":1},{\"big\":[");
        byte[] tail = Fixtures.utf8("0]},{\"b\":2}]");
        long total = head.length + 2L * elements + tail.length;
        long[] servedAtReport = {-1};
        java.io.InputStream lazy = new java.io.InputStream() {
            long served;

            @Override
            public int read() {
                if (served >= total) {
                    return -1;
                }
                long i = served++;
                if (i < head.length) {
                    return head[(int) i];
                }
                long j = i - head.length;
                if (j < 2L * elements) {
                    return j % 2 == 0 ? '0' : ',';
                }
                return tail[(int) (j - 2L * elements)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                int c;
                while (n < len && (c = read()) >= 0) {
                    b[off + n++] = (byte) c;
                }
                return n == 0 && len > 0 ? -1 : n;
            }

            @Override
            public String toString() {
                return Long.toString(served);
            }
        };
        Fixtures.Capture got = new Fixtures.Capture() {
            @Override
            public void malformed(MalformedInput problem) {
                servedAtReport[0] = Long.parseLong(lazy.toString());
                super.malformed(problem);
            }
        };
        RecordReader reader = new RecordReader(RecordPaths.root(), InputFormat.AUTO, 1 << 20);

        try {
            got.summary = reader.read(lazy, got);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(got.values()).extracting(v -> v.fieldNames().next()).containsExactly("a", "b");
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
            assertThat(m.recordIndex()).isEqualTo(1);
        });
        assertThat(servedAtReport[0])
                .as("bytes read when the record was reported")
                .isLessThan(4L << 20);
    }

    @Test
    void ndjsonLineWithMoreRecordsThanTheLimit_isRefusedWhole_andTheNextLineIsRead() {
        String many = "{\"findings\":[" + "{},".repeat(10_000) + "{}]}";
        Fixtures.Capture got = Fixtures.read(
                "/findings", Fixtures.utf8(many + "\n{\"findings\":[{\"id\":1}]}\n{\"findings\":[{\"id\":2}]}\n"));

        assertThat(got.values()).extracting(v -> v.path("id").asInt()).containsExactly(1, 2);
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(RejectReason.TOO_MANY_RECORDS_IN_LINE);
            assertThat(m.line()).isEqualTo(1);
            assertThat(m.reason()).contains("10000 records");
        });
    }

    @Test
    void contextLargerThanTheLimit_refusesTheRecordsUnderIt_andTheOthersAreDelivered() {
        String doc = "{\"blob\":\"" + "x".repeat(70_000) + "\",\"r\":[{\"id\":1},{\"id\":2}]}\n"
                + "{\"scan\":\"s\",\"r\":[{\"id\":3}]}\n";
        Fixtures.Capture got =
                Fixtures.read(new RecordReader(RecordPaths.parse("/r"), InputFormat.JSON), Fixtures.utf8(doc));

        assertThat(got.records).singleElement().satisfies(r -> {
            assertThat(r.value().path("id").asInt()).isEqualTo(3);
            assertThat(r.context().path("scan").asText()).isEqualTo("s");
        });
        assertThat(got.malformed)
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.kind()).isEqualTo(RejectReason.CONTEXT_TOO_LARGE));
    }

    @Test
    void loneSurrogateInAFieldName_ofAJsonDocument_isDeliveredAsWritten_andTheRestOfTheDocumentIsRead() {
        byte[] fixture = Fixtures.bytes("hostile/trivy-alpine-39-lone-surrogate-name.json");
        Fixtures.Capture got = Fixtures.read("/Results/*/Vulnerabilities", fixture);

        assertThat(got.malformed).isEmpty();
        assertThat(got.records).hasSize(6);
        assertThat(got.records.get(1).value().has("Severity\udfffSource"))
                .as("the name as the file writes it")
                .isTrue();
        assertThat(got.records.get(1).value().path("Severity\udfffSource").asText())
                .isEqualTo("nvd");
        assertThat(got.records.get(5).value().path("VulnerabilityID").asText()).isNotEmpty();
        // every other record exactly as in the original file, and every offset where it is: the repair keeps each
        // byte where it was (the records after the name are 6 bytes further on, the length of its "\\udfff")
        Fixtures.Capture original =
                Fixtures.read("/Results/*/Vulnerabilities", Fixtures.bytes("vuln-scans/trivy-alpine-39.json"));
        for (int i = 0; i < 6; i++) {
            assertThat(got.records.get(i).byteOffset())
                    .isEqualTo(original.records.get(i).byteOffset() + (i > 1 ? 6 : 0));
            if (i != 1) {
                assertThat(got.records.get(i).value())
                        .isEqualTo(original.records.get(i).value());
            }
        }
    }

    @Test
    void loneSurrogatesInFieldNames_ofNdjsonLines_areDeliveredAsWritten_pairsAndRealReplacementCharactersUntouched() {
        Fixtures.Capture got = Fixtures.read(
                "/",
                Fixtures.utf8(
                        "{\"ok\":1}\n"
                                + "{\"na\\udfffme\":1,\"hi\\ud800\":2,\"hi\\ud800\\u0041\":3,\"two\\ud800\\ud800\":4}\n"
                                + "{\"emoji\\ud83d\\ude00\":5,\"real\\ufffd\":6,\"e\\u00e9\\udc00\u00e9\\\"\\udc01\":7}\n{\"ok\":2}\n"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.values()).hasSize(4);
        assertThat(got.values().get(1).properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("na\udfffme", "hi\ud800", "hi\ud800A", "two\ud800\ud800");
        assertThat(got.values().get(2).properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("emoji\ud83d\ude00", "real\ufffd", "e\u00e9\udc00\u00e9\"\udc01");
    }

    @Test
    void loneSurrogateInAContextFieldName_reachesTheRecordsContextAsWritten() {
        Fixtures.Capture got = Fixtures.read("/r", Fixtures.utf8("{\"Tar\\ud800get\":\"t\",\"r\":[{\"id\":1}]}"));

        assertThat(got.records)
                .singleElement()
                .satisfies(r ->
                        assertThat(r.context().path("Tar\ud800get").asText()).isEqualTo("t"));
    }

    @Test
    void loneSurrogateEscapeCutAcrossReads_isRepairedWhereverTheChunksEnd() throws IOException {
        String doc = "[{\"a\":\"" + "x".repeat(70_000) + "\",\"n\\ud800\\u0041\":1},{\"b\\udc00\":2}]";
        byte[] bytes = Fixtures.utf8(doc);
        for (int chunk : new int[] {1, 2, 3, 5, 7, 11, 4096}) {
            Fixtures.Capture got = new Fixtures.Capture();
            new RecordReader(RecordPaths.parse("/")).read(new Trickle(bytes, chunk), got);
            assertThat(got.malformed).as("chunks of %d", chunk).isEmpty();
            assertThat(got.values())
                    .extracting(
                            v -> v.properties().stream().map(Map.Entry::getKey).toList())
                    .as("chunks of %d", chunk)
                    .containsExactly(List.of("a", "n\ud800A"), List.of("b\udc00"));
        }
    }

    /** Hands out at most {@code chunk} bytes per read, and says none is available, so each read is a short one. */
    private static final class Trickle extends java.io.ByteArrayInputStream {
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }

        @Override
        public synchronized int available() {
            return 0;
        }
    }
}
