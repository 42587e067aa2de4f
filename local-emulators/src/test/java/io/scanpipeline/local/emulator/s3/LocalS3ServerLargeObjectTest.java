package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** 50 MB objects streamed up and down, with the SDK's default aws-chunked uploads, and multipart uploads. */
class LocalS3ServerLargeObjectTest {

    private static final String BUCKET = "large";
    private static final long SIZE = 50L * 1024 * 1024;
    private static final long PART = 5L * 1024 * 1024;

    private static LocalS3Server server;
    private static S3Client s3;
    /** Headers of the last upload request the SDK sent, by operation name. */
    private static final Map<String, SdkHttpRequest> SENT = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SENT.put(context.request().getClass().getSimpleName(), context.httpRequest());
            }
        };
        s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(capture))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static String expectedDigest(long seed, long size) throws IOException {
        return S3TestSupport.sha256(new S3TestSupport.GeneratedStream(seed, size));
    }

    private static String downloadDigest(String key) throws IOException {
        return S3TestSupport.sha256(s3.getObject(b -> b.bucket(BUCKET).key(key), ResponseTransformer.toInputStream()));
    }

    @Test
    void fiftyMegabytesWithDefaultChecksumsUseAwsChunkedAndRoundTrip() throws Exception {
        PutObjectResponse put = s3.putObject(
                b -> b.bucket(BUCKET).key("big/default.bin"),
                RequestBody.fromContentProvider(
                        () -> new S3TestSupport.GeneratedStream(1, SIZE), SIZE, "application/octet-stream"));

        SdkHttpRequest sent = SENT.get("PutObjectRequest");
        assertThat(sent.firstMatchingHeader("Content-Encoding")).hasValue("aws-chunked");
        assertThat(sent.firstMatchingHeader("x-amz-content-sha256").orElseThrow())
                .startsWith("STREAMING-");
        assertThat(sent.firstMatchingHeader("x-amz-decoded-content-length")).hasValue(Long.toString(SIZE));
        assertThat(put.checksumCRC32()).isNotBlank();

        assertThat(downloadDigest("big/default.bin")).isEqualTo(expectedDigest(1, SIZE));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("big/default.bin"));
        assertThat(head.contentLength()).isEqualTo(SIZE);
        assertThat(head.contentEncoding()).isNull();
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("big/default.bin").checksumMode(ChecksumMode.ENABLED))
                        .checksumCRC32())
                .isEqualTo(put.checksumCRC32());
        assertThat(largestStoredFile()).isEqualTo(SIZE);
    }

    @Test
    void fiftyMegabytesFromAnInputStreamRoundTrip() throws Exception {
        s3.putObject(
                b -> b.bucket(BUCKET).key("big/stream.bin"),
                RequestBody.fromInputStream(new S3TestSupport.GeneratedStream(2, SIZE), SIZE));
        assertThat(SENT.get("PutObjectRequest").firstMatchingHeader("Content-Encoding"))
                .hasValue("aws-chunked");
        assertThat(downloadDigest("big/stream.bin")).isEqualTo(expectedDigest(2, SIZE));
    }

    @Test
    void plainContentLengthUploadWithoutChecksums() throws Exception {
        try (S3Client plain = S3TestSupport.clientWithoutDefaultChecksums(server)) {
            plain.putObject(
                    b -> b.bucket(BUCKET).key("big/plain.bin"),
                    RequestBody.fromInputStream(new S3TestSupport.GeneratedStream(3, 8_000_000), 8_000_000));
        }
        assertThat(downloadDigest("big/plain.bin")).isEqualTo(expectedDigest(3, 8_000_000));
    }

    @Test
    void multipartUploadThroughTheSdk() throws Exception {
        String key = "big/multi part é.bin";
        CreateMultipartUploadResponse created = s3.createMultipartUpload(
                b -> b.bucket(BUCKET).key(key).contentType("application/x-scan").metadata(Map.of("parts", "3")));
        long total = 2 * PART + 1234;
        List<CompletedPart> parts = new ArrayList<>();
        try (S3TestSupport.GeneratedStream source = new S3TestSupport.GeneratedStream(4, total)) {
            for (int n = 1; n <= 3; n++) {
                long length = n < 3 ? PART : 1234;
                byte[] chunk = source.readNBytes((int) length);
                int partNumber = n;
                UploadPartResponse part = s3.uploadPart(
                        b -> b.bucket(BUCKET)
                                .key(key)
                                .uploadId(created.uploadId())
                                .partNumber(partNumber),
                        RequestBody.fromBytes(chunk));
                assertThat(part.eTag()).isEqualTo("\"" + LocalS3ServerRoundTripTest.md5Hex(chunk) + "\"");
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(part.eTag())
                        .build());
            }
        }
        var completed = s3.completeMultipartUpload(
                b -> b.bucket(BUCKET).key(key).uploadId(created.uploadId()).multipartUpload(m -> m.parts(parts)));
        assertThat(completed.eTag()).matches("\"[0-9a-f]{32}-3\"");
        assertThat(completed.location()).isEqualTo(server.endpoint() + "/" + BUCKET + "/big/multi%20part%20%C3%A9.bin");

        assertThat(downloadDigest(key)).isEqualTo(expectedDigest(4, total));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(key));
        assertThat(head.contentLength()).isEqualTo(total);
        assertThat(head.eTag()).isEqualTo(completed.eTag());
        assertThat(head.contentType()).isEqualTo("application/x-scan");
        assertThat(head.metadata()).containsEntry("parts", "3");

        assertThatThrownBy(() -> s3.completeMultipartUpload(b ->
                        b.bucket(BUCKET).key(key).uploadId(created.uploadId()).multipartUpload(m -> m.parts(parts))))
                .isInstanceOfSatisfying(
                        S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload"));
    }

    @Test
    void abortedUploadIsGone() {
        CreateMultipartUploadResponse created =
                s3.createMultipartUpload(b -> b.bucket(BUCKET).key("aborted"));
        s3.uploadPart(
                b -> b.bucket(BUCKET)
                        .key("aborted")
                        .uploadId(created.uploadId())
                        .partNumber(1),
                RequestBody.fromString("tiny"));
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("aborted").uploadId(created.uploadId()));
        assertThatThrownBy(() -> s3.uploadPart(
                        b -> b.bucket(BUCKET)
                                .key("aborted")
                                .uploadId(created.uploadId())
                                .partNumber(2),
                        RequestBody.fromString("late")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
                });
    }

    private static long largestStoredFile() throws IOException {
        try (Stream<Path> files = Files.walk(server.dataDir())) {
            return files.filter(p -> p.toString().endsWith(".bin"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .max()
                    .orElse(0);
        }
    }
}
