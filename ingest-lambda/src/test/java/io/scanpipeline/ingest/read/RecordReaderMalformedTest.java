package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad input becomes MalformedInput, never an exception; failures of the caller's stream propagate. */
class RecordReaderMalformedTest {

    @Test
    void jsonArraySyntaxErrorInTheMiddle_deliversRecordsBefore_andStopsWithOneMalformedAtTheOffendingByte() {
        String text = "[\n {\"a\":1},\n {\"b\":2},\n {\"c\":3,},\n {\"d\":4}\n]";

        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8(text));

        assertThat(got.values()).extracting(v -> v.fieldNames().next()).containsExactly("a", "b");
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.byteOffset()).isEqualTo(text.indexOf("3,}") + 2);
            assertThat(m.line()).isEqualTo(4);
            assertThat(m.recordIndex()).isEqualTo(2);
            assertThat(m.reason())
                    .isEqualTo("Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
            assertThat(m.rawExcerpt()).contains("{\"c\":3,}");
        });
        assertThat(got.summary.complete()).isFalse();
        assertThat(got.summary.format()).isEqualTo(InputFormat.JSON);
    }

    @Test
    void truncatedFixture_deliversTheCompleteRecords_andReportsEndOfInputAtTheCut() {
        byte[] data = Fixtures.bytes("vuln-scans/inspector2-findings.json");
        Fixtures.Capture full = Fixtures.read("/findings", data);
        int cut = (int) full.records.get(5).byteOffset() + 100;

        Fixtures.Capture got = Fixtures.read("/findings", Arrays.copyOf(data, cut));

        assertThat(got.values()).containsExactlyElementsOf(full.values().subList(0, 5));
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.byteOffset()).isEqualTo(cut);
            assertThat(m.reason()).startsWith("Unexpected end-of-input");
            assertThat(m.recordIndex()).isEqualTo(5);
        });
    }

    @Test
    void ndjsonMalformedLine_isReportedAndReadingContinues() {
        byte[] data = Fixtures.bytes("vuln-scans/nuclei-findings.ndjson");
        int line10 = 209_264;
        int line10Length = 10_843;
        byte[] broken = Fixtures.concat(
                Arrays.copyOf(data, line10 + line10Length / 2),
                Arrays.copyOfRange(data, line10 + line10Length, data.length)); // line 10 loses its second half

        Fixtures.Capture got = Fixtures.read("/", broken);

        assertThat(got.records).hasSize(26);
        assertThat(got.records.get(9).line()).isEqualTo(11);
        assertThat(got.records.get(9).index()).isEqualTo(9);
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.line()).isEqualTo(10);
            assertThat(m.recordIndex()).isEqualTo(9);
            assertThat(m.byteOffset()).isBetween((long) line10, (long) line10 + line10Length / 2);
            assertThat(m.rawExcerpt()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
        });
        assertThat(got.summary.complete()).isTrue();
    }

    @Test
    void ndjsonBadLine_offsetPointsInsideTheLine() {
        String text = "{\"a\":1}\n{\"b\":}\n\n{\"c\":3}\n";

        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8(text));

        assertThat(got.records).extracting(SourceRecord::line).containsExactly(1L, 4L);
        assertThat(got.records).extracting(SourceRecord::byteOffset).containsExactly(0L, (long) text.indexOf("{\"c\""));
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.byteOffset()).isEqualTo(text.indexOf(":}") + 1);
            assertThat(m.line()).isEqualTo(2);
            assertThat(m.rawExcerpt()).isEqualTo("{\"b\":}");
        });
    }

    @Test
    void csvFile_isOneMalformed_notJson() {
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8("id,severity\n1,HIGH\n"));

        assertThat(got.records).isEmpty();
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.reason()).startsWith("not JSON: starts with 'i' (0x69) at byte 0");
            assertThat(m.rawExcerpt()).isEqualTo("id,severity\n1,HIGH\n");
            assertThat(m.recordIndex()).isEqualTo(-1);
        });
        assertThat(got.summary.format()).isEqualTo(InputFormat.AUTO);
        assertThat(got.summary.complete()).isFalse();
    }

    @Test
    void xmlFile_afterWhitespace_isOneMalformed_startingWithAngleBracket() {
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8("\n  <?xml version=\"1.0\"?><scan/>"));

        assertThat(got.records).isEmpty();
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.reason()).startsWith("not JSON: starts with '<' (0x3C) at byte 3");
            assertThat(m.line()).isEqualTo(2);
        });
    }

    @Test
    void binaryFile_gzipped_isOneMalformed_withTheByteInHex() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};

        Fixtures.Capture got = Fixtures.read("/", Fixtures.gzip(png));

        assertThat(got.summary.gzip()).isTrue();
        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).startsWith("not JSON: starts with byte 0x89"));
    }

    @Test
    void utf16File_isRejectedWithAHint() {
        Fixtures.Capture got = Fixtures.read("/", new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0});

        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).contains("UTF-16"));
    }

    @Test
    void emptyFile_andWhitespaceOnlyFile_areOneMalformedEach() {
        Fixtures.Capture empty = Fixtures.read("/", new byte[0]);
        Fixtures.Capture blank = Fixtures.read("/", Fixtures.utf8("\uFEFF \n\t\r\n"));

        assertThat(empty.records).isEmpty();
        assertThat(empty.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).isEqualTo("empty file"));
        assertThat(blank.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).startsWith("empty file: nothing but whitespace"));
        assertThat(blank.summary.bytesRead()).isEqualTo(8);
    }

    @Test
    void pathMatchingNothing_inAnObject_isMalformedListingTheTopLevelFields() {
        Fixtures.Capture got = Fixtures.read("/matchez", Fixtures.bytes("vuln-scans/grype-keycloak.json"));

        assertThat(got.records).isEmpty();
        assertThat(got.malformed).singleElement().satisfies(m -> {
            assertThat(m.reason())
                    .isEqualTo(
                            "record path /matchez matched nothing; top-level fields are: [matches, source, distro, descriptor]");
            assertThat(m.recordIndex()).isEqualTo(-1);
        });
        assertThat(got.summary.unmatchedPaths()).containsExactly("/matchez");
        assertThat(got.summary.complete()).isTrue();
    }

    @Test
    void pathsMatchingNothing_inATopLevelArray_isMalformed() {
        Fixtures.Capture got =
                Fixtures.read("/Findings,/findings", Fixtures.bytes("asff/asff-inspector-toplevel-array.json"));

        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason())
                        .isEqualTo(
                                "record paths /Findings, /findings matched nothing; the top-level value is an array"));
    }

    @Test
    void topLevelFieldList_isCappedAtTwenty() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 25; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        Fixtures.Capture got =
                Fixtures.read("/x", Fixtures.utf8(json.append('}').toString()));

        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason())
                        .contains("f0, f1,")
                        .contains("f19]")
                        .doesNotContain("f20")
                        .endsWith("(first 20 shown)"));
    }

    @Test
    void emptyRecordArray_isMatchedAndNotAProblem() {
        Fixtures.Capture got = Fixtures.read("/matches", Fixtures.utf8("{\"matches\": [], \"source\": {}}"));
        Fixtures.Capture nul = Fixtures.read("/matches", Fixtures.utf8("{\"matches\": null}"));

        assertThat(got.records).isEmpty();
        assertThat(got.malformed).isEmpty();
        assertThat(nul.malformed).isEmpty();
        assertThat(nul.summary.unmatchedPaths()).isEmpty();
    }

    @Test
    void nesting600Deep_isMalformedWithJacksonsMessage() {
        String deep = "{\"a\":" + "[".repeat(600) + "]".repeat(600) + "}";

        Fixtures.Capture root = Fixtures.read("/", Fixtures.utf8(deep));
        Fixtures.Capture skipped = Fixtures.read("/b", Fixtures.utf8(deep)); // skipChildren() also counts depth

        for (Fixtures.Capture got : new Fixtures.Capture[] {root, skipped}) {
            assertThat(got.records).isEmpty();
            assertThat(got.malformed).singleElement().satisfies(m -> {
                assertThat(m.reason()).startsWith("Document nesting depth (513) exceeds the maximum allowed (512");
                assertThat(m.byteOffset()).isEqualTo(5 + 511); // the '[' that opens level 513
            });
        }
    }

    @Test
    void nesting600Deep_onAnNdjsonLine_isSkippedLikeAnyBadLine() {
        String text = "{\"ok\":1}\n{\"a\":" + "[".repeat(600) + "]".repeat(600) + "}\n{\"ok\":2}\n";

        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8(text));

        assertThat(got.records).hasSize(2);
        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).startsWith("Document nesting depth (513)"));
    }

    @Test
    void overlongNumber_isNotMalformed_itStaysInItsRecordAsText() { // issue 12: it used to end the document
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8("[{\"n\":1}, {\"n\":" + "9".repeat(100_001) + "}]"));

        assertThat(got.records).hasSize(2);
        assertThat(got.malformed).isEmpty();
        assertThat(got.values().get(1).get("n").asText()).hasSize(100_001);
    }

    @Test
    void recordLargerThanTheLimit_isReportedAndTheNextOneStillDelivered() {
        String big = "{\"x\":\"" + "y".repeat(200) + "\"}";
        RecordReader reader = new RecordReader(RecordPaths.root(), InputFormat.AUTO, 100);

        Fixtures.Capture json = Fixtures.read(reader, Fixtures.utf8("[{\"a\":1}, " + big + ", {\"b\":2}]"));
        Fixtures.Capture ndjson = Fixtures.read(reader, Fixtures.utf8("{\"a\":1}\n" + big + "\n{\"b\":2}\n"));

        assertThat(json.records).hasSize(2);
        assertThat(json.malformed)
                .singleElement()
                .satisfies(m ->
                        assertThat(m.reason()).isEqualTo("record of 208 bytes is larger than the limit of 100 bytes"));
        assertThat(ndjson.records).extracting(SourceRecord::line).containsExactly(1L, 3L);
        assertThat(ndjson.malformed).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo("line 2 is longer than the limit of 100 bytes");
            assertThat(m.byteOffset()).isEqualTo(8);
            assertThat(m.rawExcerpt()).startsWith("{\"x\":\"yyy");
        });
    }

    @Test
    void truncatedGzip_deliversWhatDecompressed_andReportsCorruptData() {
        byte[] zipped = Fixtures.gzip(Fixtures.bytes("vuln-scans/nuclei-findings.ndjson"));

        Fixtures.Capture got = Fixtures.read("/", Arrays.copyOf(zipped, zipped.length / 2));

        assertThat(got.records).isNotEmpty().hasSizeLessThan(27);
        assertThat(got.malformed)
                .last()
                .satisfies(m -> assertThat(m.reason()).startsWith("corrupt or truncated gzip data: "));
        assertThat(got.summary.complete()).isFalse();
    }

    @Test
    void gzipMagicWithGarbage_isCorruptGzip_notAnException() {
        Fixtures.Capture got = Fixtures.read("/", new byte[] {0x1F, (byte) 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 0});

        assertThat(got.summary.gzip()).isTrue();
        assertThat(got.malformed)
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).startsWith("corrupt or truncated gzip data: "));
    }

    @Test
    void failureOfTheCallersStream_propagatesUnchanged_plainAndGzip() {
        byte[] data = Fixtures.bytes("vuln-scans/osv-scanner-many-findings.json");
        for (byte[] input : new byte[][] {data, Fixtures.gzip(data)}) {
            IOException failure = new IOException("connection reset");
            Fixtures.Capture capture = new Fixtures.Capture();
            RecordReader reader = new RecordReader(RecordPaths.parse("/results/*/packages/*/vulnerabilities"));

            assertThatThrownBy(() -> reader.read(new FailingStream(input, input.length / 2, failure), capture))
                    .isSameAs(failure);
            assertThat(capture.records).isNotEmpty();
            assertThat(capture.malformed).isEmpty();
        }
    }

    /** Serves {@code failAt} bytes of {@code data}, then throws. */
    private static final class FailingStream extends InputStream {
        private final ByteArrayInputStream data;
        private final IOException failure;
        private int left;

        FailingStream(byte[] data, int failAt, IOException failure) {
            this.data = new ByteArrayInputStream(data);
            this.left = failAt;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw failure;
            }
            int n = data.read(b, off, Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
