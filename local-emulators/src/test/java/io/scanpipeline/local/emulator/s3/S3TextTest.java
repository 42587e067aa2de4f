package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3TextTest {

    @Test
    void pathDecodingKeepsPlusAndDecodesUtf8() {
        assertThat(S3Text.percentDecode("a+b%2Bc%20d%C3%A9%F0%9F%98%80", false)).isEqualTo("a+b+c dé😀");
        assertThat(S3Text.percentDecode("a+b%2Bc", true)).isEqualTo("a b+c");
        assertThat(S3Text.percentDecode("plain/key.txt", false)).isEqualTo("plain/key.txt");
    }

    @Test
    void malformedEscapesAreInvalidUri() {
        assertThatThrownBy(() -> S3Text.percentDecode("bad%2", false))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidURI"));
        assertThatThrownBy(() -> S3Text.percentDecode("%C3%28", false)).isInstanceOf(S3Exception.class);
    }

    @Test
    void keysAreFormEncodedLikeS3Events() {
        assertThat(S3Text.formEncodeKey("Happy Face.jpg")).isEqualTo("Happy+Face.jpg");
        assertThat(S3Text.formEncodeKey("a/b+c=d&e?.json")).isEqualTo("a/b%2Bc%3Dd%26e%3F.json");
        assertThat(S3Text.formEncodeKey("été😀")).isEqualTo("%C3%A9t%C3%A9%F0%9F%98%80");
        assertThat(S3Text.formEncodeKey("safe-_.*~")).isEqualTo("safe-_.*%7E");
    }

    @Test
    void keyOrderIsUtf8ByteOrder() {
        List<String> keys = new ArrayList<>(List.of("\uFF21", "😀", "a", "B", "a/b", "a0"));
        keys.sort(S3Text.KEY_ORDER);
        assertThat(keys).containsExactly("B", "a", "a/b", "a0", "\uFF21", "😀");
        // plain String order would put the surrogate pair (0xD83D...) before U+FF21
        assertThat("😀".compareTo("\uFF21")).isNegative();
    }

    @Test
    void xmlEscaping() {
        assertThat(XmlWriter.escape("a&b<c>\"d'\u0001\n")).isEqualTo("a&amp;b&lt;c&gt;&quot;d&apos;&#x1;\n");
        assertThat(XmlWriter.document("R")
                        .element("K", "x<y")
                        .element("Skipped", (String) null)
                        .finish("R"))
                .endsWith("<R xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><K>x&lt;y</K></R>");
    }

    @Test
    void httpDatesUseTwoDigitDaysAndGmt() {
        assertThat(S3Text.httpDate(java.time.Instant.parse("2024-03-05T07:08:09.999Z")))
                .isEqualTo("Tue, 05 Mar 2024 07:08:09 GMT");
        assertThat(S3Text.parseHttpDate("Tue, 05 Mar 2024 07:08:09 GMT"))
                .isEqualTo(java.time.Instant.parse("2024-03-05T07:08:09Z"));
        assertThat(S3Text.parseHttpDate("yesterday")).isNull();
    }
}
