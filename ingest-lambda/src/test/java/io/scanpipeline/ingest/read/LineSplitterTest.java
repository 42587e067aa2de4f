package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** "offset:line:text" or "offset:line:TOO LONG:prefix" per line. */
    private static List<String> split(String text, int max, boolean oneByteReads) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        InputStream in = oneByteReads ? new OneByteAtATime(data) : new ByteArrayInputStream(data);
        LineSplitter lines = new LineSplitter(in, max, 100, 5);
        List<String> out = new ArrayList<>();
        while (lines.next()) {
            String body = new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8);
            out.add(lines.offset() + ":" + lines.lineNumber() + ":" + (lines.tooLong() ? "TOO LONG:" : "") + body);
        }
        return out;
    }

    @Test
    void splitsAtNewlines_withOffsetsAndLineNumbers_lastLineWithoutNewline() throws IOException {
        for (boolean slow : new boolean[] {false, true}) {
            assertThat(split("ab\n\ncd\r\nef", 100, slow))
                    .containsExactly("100:5:ab", "103:6:", "104:7:cd\r", "108:8:ef");
        }
    }

    @Test
    void overlongLine_isFlaggedWithAPrefix_andTheNextLineKeepsItsOffset() throws IOException {
        String longLine = "x".repeat(3000);
        for (boolean slow : new boolean[] {false, true}) {
            List<String> got = split("a\n" + longLine + "\nb\n" + longLine, 10, slow);

            assertThat(got).hasSize(4);
            assertThat(got.get(0)).isEqualTo("100:5:a");
            assertThat(got.get(1)).isEqualTo("102:6:TOO LONG:" + "x".repeat(1024));
            assertThat(got.get(2)).isEqualTo((102 + 3001) + ":7:b");
            assertThat(got.get(3)).startsWith((102 + 3003) + ":8:TOO LONG:x");
        }
    }

    @Test
    void lineOfExactlyTheCap_isAccepted() throws IOException {
        assertThat(split("abcde\nabcdef\n", 5, false)).containsExactly("100:5:abcde", "106:6:TOO LONG:abcdef");
    }

    @Test
    void linesLongerThanTheInitialBuffer_areAssembled() throws IOException {
        String line = "y".repeat(200_000);

        List<String> got = split(line + "\nz", 1_000_000, false);

        assertThat(got).containsExactly("100:5:" + line, "200101:6:z");
    }

    @Test
    void utf8Excerpt_dropsCutCharactersAtTheEdges() {
        byte[] text = "é𝟙x".getBytes(StandardCharsets.UTF_8); // 2 + 4 + 1 bytes

        assertThat(ByteSource.utf8(text, 1, 6)).isEqualTo("𝟙x");
        assertThat(ByteSource.utf8(text, 0, 4)).isEqualTo("é");
        assertThat(ByteSource.utf8(text, 0, 7)).isEqualTo("é𝟙x");
    }

    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] data) {
            in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1));
        }
    }
}
