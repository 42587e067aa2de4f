package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Every error the server produces, with its status, code, and S3 error document. */
class LocalS3ServerErrorsTest {

    private static final String BUCKET = "errors";
    private static LocalS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        s3 = S3TestSupport.client(server);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(
                b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObject(b -> b.bucket(BUCKET).key("present"), RequestBody.fromString("0123456789"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static void assertS3Error(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).as("status").isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).as("code").isEqualTo(code);
            assertThat(e.requestId()).isNotBlank();
        });
    }

    @Test
    void sdkSeesEveryErrorCodeWithItsStatus() {
        assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket("no-such-bucket").key("k")), 404, "NoSuchBucket");
        assertS3Error(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket")), 404, "NoSuchBucket");
        assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("absent")), 404, "NoSuchKey");
        assertS3Error(
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("present").versionId("x".repeat(32))),
                404,
                "NoSuchVersion");
        assertS3Error(() -> s3.createBucket(b -> b.bucket(BUCKET)), 409, "BucketAlreadyOwnedByYou");
        assertS3Error(() -> s3.deleteBucket(b -> b.bucket(BUCKET)), 409, "BucketNotEmpty");
        assertS3Error(
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("present").range("bytes=10-20")),
                416,
                "InvalidRange");
        assertS3Error(() -> s3.getObjectTagging(b -> b.bucket(BUCKET).key("present")), 501, "NotImplemented");
        assertS3Error(() -> s3.getBucketPolicy(b -> b.bucket(BUCKET)), 501, "NotImplemented");
    }

    @Test
    void getOfADeleteMarkerVersionIsMethodNotAllowed() {
        s3.putObject(b -> b.bucket(BUCKET).key("marked"), RequestBody.fromString("x"));
        String marker = s3.deleteObject(b -> b.bucket(BUCKET).key("marked")).versionId();
        assertS3Error(
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("marked").versionId(marker)),
                405,
                "MethodNotAllowed");
        assertThatThrownBy(
                        () -> s3.headObject(b -> b.bucket(BUCKET).key("marked").versionId(marker)))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(405));
        assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("marked")), 404, "NoSuchKey");
    }

    @Test
    void errorDocumentsAreS3Xml() throws Exception {
        HttpResponse<String> response = get("/" + BUCKET + "/absent%20key%2B%C3%A9");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml");
        Document doc = parse(response.body());
        assertThat(text(doc, "Code")).isEqualTo("NoSuchKey");
        assertThat(text(doc, "Message")).isNotBlank();
        assertThat(text(doc, "Key")).isEqualTo("absent key+é");
        assertThat(text(doc, "RequestId"))
                .isEqualTo(response.headers().firstValue("x-amz-request-id").orElseThrow());

        Document bucket = parse(get("/no-such-bucket?list-type=2").body());
        assertThat(text(bucket, "Code")).isEqualTo("NoSuchBucket");
        assertThat(text(bucket, "BucketName")).isEqualTo("no-such-bucket");

        HttpResponse<String> range = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, "/" + BUCKET + "/present"))
                                .header("Range", "bytes=50-")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(range.statusCode()).isEqualTo(416);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes */10");
        assertThat(text(parse(range.body()), "Code")).isEqualTo("InvalidRange");

        HttpResponse<String> badName = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, "/Invalid_Name"))
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(text(parse(badName.body()), "Code")).isEqualTo("InvalidBucketName");

        HttpResponse<String> unknown = get("/" + BUCKET + "?analytics");
        assertThat(unknown.statusCode()).isEqualTo(501);
        assertThat(text(parse(unknown.body()), "Code")).isEqualTo("NotImplemented");
        assertThat(S3TestSupport.http()
                        .send(
                                HttpRequest.newBuilder(S3TestSupport.uri(server, "/" + BUCKET))
                                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(501);
    }

    @Test
    void headErrorsHaveNoBody() throws Exception {
        HttpResponse<byte[]> head = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, "/" + BUCKET + "/absent"))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("absent")))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("no-such-bucket")))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void digestAndBodyErrors() throws Exception {
        HttpResponse<String> badMd5 = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, "/" + BUCKET + "/md5"))
                                .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
                                .PUT(HttpRequest.BodyPublishers.ofString("not empty"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(badMd5.statusCode()).isEqualTo(400);
        assertThat(text(parse(badMd5.body()), "Code")).isEqualTo("BadDigest");

        HttpResponse<String> badCrc = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, "/" + BUCKET + "/crc"))
                                .header("x-amz-checksum-crc32", "AAAAAA==")
                                .PUT(HttpRequest.BodyPublishers.ofString("not empty"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(badCrc.statusCode()).isEqualTo(400);
        assertThat(text(parse(badCrc.body()), "Code")).isEqualTo("BadDigest");

        HttpResponse<String> malformed = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, "/" + BUCKET + "?versioning"))
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "<VersioningConfiguration><Status>Maybe</Status>"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(text(parse(malformed.body()), "Code")).isEqualTo("MalformedXML");
        assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("md5")), 404, "NoSuchKey");
    }

    @Test
    void conditionalWrites() {
        s3.putObject(b -> b.bucket(BUCKET).key("conditional"), RequestBody.fromString("v1"));
        assertS3Error(
                () -> s3.putObject(
                        b -> b.bucket(BUCKET).key("conditional").ifNoneMatch("*"), RequestBody.fromString("v2")),
                412,
                "PreconditionFailed");
        assertS3Error(
                () -> s3.putObject(
                        b -> b.bucket(BUCKET).key("conditional").ifMatch("\"0000\""), RequestBody.fromString("v2")),
                412,
                "PreconditionFailed");
        assertS3Error(
                () -> s3.putObject(
                        b -> b.bucket(BUCKET).key("conditional-absent").ifMatch("\"0000\""),
                        RequestBody.fromString("v2")),
                404,
                "NoSuchKey");
        String eTag = s3.headObject(b -> b.bucket(BUCKET).key("conditional")).eTag();
        s3.putObject(b -> b.bucket(BUCKET).key("conditional").ifMatch(eTag), RequestBody.fromString("v3"));
        s3.putObject(b -> b.bucket(BUCKET).key("conditional-new").ifNoneMatch("*"), RequestBody.fromString("n"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("conditional")).asUtf8String())
                .isEqualTo("v3");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("conditional-new"))
                        .asUtf8String())
                .isEqualTo("n");
    }

    @Test
    void multipartErrors() {
        String key = "mp-errors";
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        PutObjectResponse ignored = s3.putObject(b -> b.bucket(BUCKET).key("unrelated"), RequestBody.fromString("u"));
        assertThat(ignored.eTag()).isNotBlank();
        String e1 = s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
                        RequestBody.fromString("small"))
                .eTag();
        String e2 = s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(2), RequestBody.fromString("last"))
                .eTag();
        assertS3Error(() -> complete(key, uploadId, List.of(part(1, e1), part(2, e2))), 400, "EntityTooSmall");
        assertS3Error(() -> complete(key, uploadId, List.of(part(2, e2), part(1, e1))), 400, "InvalidPartOrder");
        assertS3Error(() -> complete(key, uploadId, List.of(part(1, e2))), 400, "InvalidPart");
        assertS3Error(() -> complete(key, uploadId, List.of(part(3, e1))), 400, "InvalidPart");
        assertS3Error(
                () -> s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(10001),
                        RequestBody.fromString("x")),
                400,
                "InvalidArgument");
        complete(key, uploadId, List.of(part(1, e1)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String())
                .isEqualTo("small");
        assertS3Error(
                () -> s3.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)), 404, "NoSuchUpload");
    }

    private static void complete(String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(
                b -> b.bucket(BUCKET).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    private static CompletedPart part(int number, String eTag) {
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    private static HttpResponse<String> get(String rawPathAndQuery) throws Exception {
        return S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(server, rawPathAndQuery))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document doc, String element) {
        var nodes = doc.getElementsByTagName(element);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
