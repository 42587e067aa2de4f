package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsChunkedInputStreamTest {

    private static AwsChunkedInputStream decoder(String encoded) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesSignedChunks() throws IOException {
        String sig = ";chunk-signature=" + "ab".repeat(32);
        AwsChunkedInputStream in = decoder("5" + sig + "\r\nhello\r\n7" + sig + "\r\n, world\r\n0" + sig + "\r\n\r\n");
        assertThat(readAll(in)).isEqualTo("hello, world");
        assertThat(in.trailers()).isEmpty();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void decodesUnsignedChunksWithTrailers() throws IOException {
        AwsChunkedInputStream in = decoder("A\r\n0123456789\r\n3\r\nabc\r\n0\r\n"
                + "x-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:beef\r\n\r\n");
        assertThat(readAll(in)).isEqualTo("0123456789abc");
        assertThat(in.trailers())
                .containsEntry("x-amz-checksum-crc32", "AAAAAA==")
                .containsEntry("x-amz-trailer-signature", "beef");
    }

    @Test
    void singleByteReadsAndSmallBuffersWork() throws IOException {
        AwsChunkedInputStream in = decoder("3\r\nxyz\r\n0\r\n\r\n");
        assertThat(in.read()).isEqualTo('x');
        byte[] two = new byte[2];
        assertThat(in.read(two, 0, 2)).isEqualTo(2);
        assertThat(new String(two, StandardCharsets.US_ASCII)).isEqualTo("yz");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void toleratesMissingFinalEmptyLine() throws IOException {
        assertThat(readAll(decoder("2\r\nok\r\n0\r\n"))).isEqualTo("ok");
    }

    @Test
    void rejectsMalformedBodies() {
        assertThatThrownBy(() -> readAll(decoder("zz\r\nhello\r\n0\r\n\r\n")))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
        assertThatThrownBy(() -> readAll(decoder("5\r\nhelloX\r\n0\r\n\r\n")))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("CRLF");
        assertThatThrownBy(() -> readAll(decoder("9\r\nshort")))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("inside a chunk");
        assertThatThrownBy(() -> readAll(decoder("3\r\nabc\r\n")))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("final chunk");
    }

    @Test
    void recognisesAwsChunkedRequests() {
        assertThat(AwsChunkedInputStream.isAwsChunked("aws-chunked", null)).isTrue();
        assertThat(AwsChunkedInputStream.isAwsChunked("gzip, aws-chunked", null))
                .isTrue();
        assertThat(AwsChunkedInputStream.isAwsChunked(null, "STREAMING-UNSIGNED-PAYLOAD-TRAILER"))
                .isTrue();
        assertThat(AwsChunkedInputStream.isAwsChunked("gzip", "UNSIGNED-PAYLOAD"))
                .isFalse();
        assertThat(AwsChunkedInputStream.isAwsChunked(null, null)).isFalse();
    }
}
