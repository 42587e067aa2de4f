package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wire-level behaviour checked with a plain HTTP client: body framings, path decoding, HEAD, auth headers. */
class LocalS3ServerHttpTest {

    private static final String BUCKET = "wire";
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0f".repeat(32);

    private static LocalS3Server server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        http = S3TestSupport.http();
        assertThat(send(request("/" + BUCKET).PUT(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder request(String rawPath) {
        return HttpRequest.newBuilder(S3TestSupport.uri(server, rawPath))
                .header("Authorization", AUTH)
                .header("x-amz-date", "20240101T000000Z");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String getBody(String rawPath) throws Exception {
        HttpResponse<String> response = send(request(rawPath));
        assertThat(response.statusCode()).as("GET " + rawPath).isEqualTo(200);
        return response.body();
    }

    @Test
    void transferEncodingChunkedBodyIsStored() throws Exception {
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> put = send(request("/" + BUCKET + "/chunked")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).hasValue("\"" + LocalS3ServerRoundTripTest.md5Hex(body) + "\"");
        assertThat(getBody("/" + BUCKET + "/chunked")).hasSize(100_000);
    }

    @Test
    void signedAwsChunkedBodyIsDecoded() throws Exception {
        String sig = ";chunk-signature=" + "ab".repeat(32) + "\r\n";
        String encoded = "8" + sig + "abcdefgh\r\n" + "2" + sig + "ij\r\n" + "0" + sig + "\r\n";
        HttpResponse<String> put = send(request("/" + BUCKET + "/signed")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .header("x-amz-decoded-content-length", "10")
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(encoded)));
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<String> get = send(request("/" + BUCKET + "/signed"));
        assertThat(get.body()).isEqualTo("abcdefghij");
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(get.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void unsignedAwsChunkedWithTrailingChecksumIsVerified() throws Exception {
        byte[] data = "checksummed payload".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(data);
        String good = Base64.getEncoder().encodeToString(new byte[] {
            (byte) (crc.getValue() >> 24),
            (byte) (crc.getValue() >> 16),
            (byte) (crc.getValue() >> 8),
            (byte) crc.getValue()
        });
        for (String checksum : new String[] {good, "AAAAAA=="}) {
            String encoded = Integer.toHexString(data.length) + "\r\n" + new String(data, StandardCharsets.US_ASCII)
                    + "\r\n0\r\nx-amz-checksum-crc32:" + checksum + "\r\n\r\n";
            HttpResponse<String> put = send(request("/" + BUCKET + "/trailer")
                    .header("Content-Encoding", "aws-chunked")
                    .header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                    .header("x-amz-trailer", "x-amz-checksum-crc32")
                    .header("x-amz-decoded-content-length", Integer.toString(data.length))
                    // no Content-Length: aws-chunked inside Transfer-Encoding: chunked
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)))));
            if (checksum.equals(good)) {
                assertThat(put.statusCode()).isEqualTo(200);
                assertThat(put.headers().firstValue("x-amz-checksum-crc32")).hasValue(good);
            } else {
                assertThat(put.statusCode()).isEqualTo(400);
                assertThat(put.body()).contains("<Code>BadDigest</Code>");
            }
        }
        assertThat(getBody("/" + BUCKET + "/trailer")).isEqualTo("checksummed payload");
    }

    @Test
    void wrongDecodedLengthIsRejected() throws Exception {
        HttpResponse<String> put = send(request("/" + BUCKET + "/short")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", "99")
                .PUT(HttpRequest.BodyPublishers.ofString("3\r\nabc\r\n0\r\n\r\n")));
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("<Code>IncompleteBody</Code>");
    }

    @Test
    void pathIsPercentDecodedWithPlusKeptLiteral() throws Exception {
        send(request("/" + BUCKET + "/a+b").PUT(HttpRequest.BodyPublishers.ofString("plus")));
        send(request("/" + BUCKET + "/a%20b").PUT(HttpRequest.BodyPublishers.ofString("space")));
        assertThat(getBody("/" + BUCKET + "/a%2Bb")).isEqualTo("plus");
        assertThat(getBody("/" + BUCKET + "/a+b")).isEqualTo("plus");
        assertThat(getBody("/" + BUCKET + "/a%20b")).isEqualTo("space");
        send(request("/" + BUCKET + "/dir%2Fnested/%C3%A9t%C3%A9").PUT(HttpRequest.BodyPublishers.ofString("u")));
        assertThat(getBody("/" + BUCKET + "/dir/nested/%c3%a9t%c3%a9")).isEqualTo("u");
        assertThat(getBody("/" + BUCKET + "?list-type=2&prefix=a%2B"))
                .contains("<Key>a+b</Key>")
                .doesNotContain("<Key>a b</Key>");
    }

    @Test
    void headReportsLengthWithoutBody() throws Exception {
        send(request("/" + BUCKET + "/sized").PUT(HttpRequest.BodyPublishers.ofString("12345")));
        HttpResponse<byte[]> head = http.send(
                request("/" + BUCKET + "/sized")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(head.headers().firstValue("ETag")).isPresent();
        assertThat(head.headers().firstValue("Last-Modified")).get().asString().endsWith(" GMT");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void conditionalGets() throws Exception {
        HttpResponse<String> put = send(request("/" + BUCKET + "/cond").PUT(HttpRequest.BodyPublishers.ofString("c")));
        String eTag = put.headers().firstValue("ETag").orElseThrow();
        assertThat(send(request("/" + BUCKET + "/cond").header("If-None-Match", eTag))
                        .statusCode())
                .isEqualTo(304);
        assertThat(send(request("/" + BUCKET + "/cond").header("If-Match", eTag))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> failed = send(request("/" + BUCKET + "/cond").header("If-Match", "\"other\""));
        assertThat(failed.statusCode()).isEqualTo(412);
        assertThat(failed.body()).contains("<Code>PreconditionFailed</Code>");
    }
}
