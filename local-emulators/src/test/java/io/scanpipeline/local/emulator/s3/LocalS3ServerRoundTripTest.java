package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Put, get, head, list, copy and delete through the real SDK, with awkward keys and metadata. */
class LocalS3ServerRoundTripTest {

    private static final String BUCKET = "round-trip";
    private static final String UNICODE_KEY = "reports/scan 2024+final/été-😀.json";
    private static final List<String> AWKWARD_KEYS = List.of(
            UNICODE_KEY,
            "a+b c/100%25 sure?.txt",
            "with%2Fencoded",
            "plus+only",
            "spaces  twice ",
            "quote\"amp&lt<gt>'.xml",
            "日本語/ファイル.txt",
            "trailing/slash/",
            "x=1&y=2#frag");

    private static LocalS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        s3 = S3TestSupport.client(server);
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void putGetHeadRoundTripKeepsContentTypeMetadataAndEtag() {
        byte[] body = "{\"scan\":\"ok\",\"value\":42}".getBytes(StandardCharsets.UTF_8);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PutObjectResponse put = s3.putObject(
                b -> b.bucket(BUCKET)
                        .key(UNICODE_KEY)
                        .contentType("application/json")
                        .contentDisposition("attachment; filename=\"scan.json\"")
                        .cacheControl("no-cache")
                        .metadata(Map.of("scanner", "trivy", "run-id", "r-17")),
                RequestBody.fromBytes(body));

        String md5 = "\"" + md5Hex(body) + "\"";
        assertThat(put.eTag()).isEqualTo(md5);
        assertThat(put.versionId()).isNull();

        ResponseBytes<GetObjectResponse> got =
                s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(UNICODE_KEY));
        assertThat(got.asByteArray()).isEqualTo(body);
        GetObjectResponse meta = got.response();
        assertThat(meta.eTag()).isEqualTo(md5);
        assertThat(meta.contentType()).isEqualTo("application/json");
        assertThat(meta.contentLength()).isEqualTo(body.length);
        assertThat(meta.contentDisposition()).isEqualTo("attachment; filename=\"scan.json\"");
        assertThat(meta.cacheControl()).isEqualTo("no-cache");
        assertThat(meta.metadata()).containsEntry("scanner", "trivy").containsEntry("run-id", "r-17");
        assertThat(meta.lastModified()).isBetween(before, Instant.now().plusSeconds(1));

        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(UNICODE_KEY));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.eTag()).isEqualTo(md5);
        assertThat(head.contentType()).isEqualTo("application/json");
        assertThat(head.metadata()).containsEntry("scanner", "trivy");
        assertThat(head.lastModified()).isEqualTo(meta.lastModified());
    }

    @Test
    void awkwardKeysSurviveEveryOperationAndListing() {
        String prefix = "awkward/";
        for (String key : AWKWARD_KEYS) {
            s3.putObject(b -> b.bucket(BUCKET).key(prefix + key), RequestBody.fromString("body of " + key));
        }
        for (String key : AWKWARD_KEYS) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + key))
                            .asUtf8String())
                    .isEqualTo("body of " + key);
            assertThat(s3.headObject(b -> b.bucket(BUCKET).key(prefix + key)).contentLength())
                    .isEqualTo(("body of " + key).getBytes(StandardCharsets.UTF_8).length);
        }
        ListObjectsV2Response listed = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix));
        assertThat(listed.contents())
                .extracting(S3Object::key)
                .containsExactlyElementsOf(AWKWARD_KEYS.stream()
                        .map(k -> prefix + k)
                        .sorted(S3Text.KEY_ORDER)
                        .toList());
        assertThat(listed.keyCount()).isEqualTo(AWKWARD_KEYS.size());

        ListObjectsV2Response unicode = s3.listObjectsV2(
                b -> b.bucket(BUCKET).prefix(prefix + "reports/scan 2024+").delimiter("/"));
        assertThat(unicode.commonPrefixes())
                .extracting(CommonPrefix::prefix)
                .containsExactly(prefix + "reports/scan 2024+final/");
    }

    @Test
    void copyKeepsOrReplacesMetadataAndEmitsNewEtag() {
        s3.putObject(
                b -> b.bucket(BUCKET)
                        .key("copy/src é+1")
                        .contentType("text/plain")
                        .metadata(Map.of("origin", "source")),
                RequestBody.fromString("copy me"));

        CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket(BUCKET)
                .sourceKey("copy/src é+1")
                .destinationBucket(BUCKET)
                .destinationKey("copy/dst 😀"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo("\"" + md5Hex("copy me".getBytes()) + "\"");
        HeadObjectResponse kept = s3.headObject(b -> b.bucket(BUCKET).key("copy/dst 😀"));
        assertThat(kept.contentType()).isEqualTo("text/plain");
        assertThat(kept.metadata()).containsEntry("origin", "source");

        s3.copyObject(b -> b.sourceBucket(BUCKET)
                .sourceKey("copy/src é+1")
                .destinationBucket(BUCKET)
                .destinationKey("copy/replaced")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("application/x-new")
                .metadata(Map.of("origin", "replaced")));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(BUCKET).key("copy/replaced"));
        assertThat(replaced.contentType()).isEqualTo("application/x-new");
        assertThat(replaced.metadata()).containsExactly(Map.entry("origin", "replaced"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/replaced"))
                        .asUtf8String())
                .isEqualTo("copy me");
    }

    @Test
    void rangeRequestsReturnTheRequestedBytes() {
        s3.putObject(b -> b.bucket(BUCKET).key("range.txt"), RequestBody.fromString("0123456789abcdef"));

        ResponseBytes<GetObjectResponse> middle =
                s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=2-5"));
        assertThat(middle.asUtf8String()).isEqualTo("2345");
        assertThat(middle.response().contentRange()).isEqualTo("bytes 2-5/16");
        assertThat(middle.response().contentLength()).isEqualTo(4);

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=10-"))
                        .asUtf8String())
                .isEqualTo("abcdef");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=-3"))
                        .asUtf8String())
                .isEqualTo("def");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=12-99"))
                        .asUtf8String())
                .isEqualTo("cdef");
    }

    @Test
    void emptyObjectAndDefaultContentType() {
        s3.putObject(b -> b.bucket(BUCKET).key("empty"), RequestBody.empty());
        ResponseBytes<GetObjectResponse> got =
                s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty"));
        assertThat(got.asByteArray()).isEmpty();
        assertThat(got.response().eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
        assertThat(got.response().contentLength()).isZero();
    }

    @Test
    void deleteObjectsRemovesSeveralKeysAtOnce() {
        for (String key : List.of("batch/1", "batch/2 two", "batch/3+three")) {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }
        DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(BUCKET)
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("batch/1").build(),
                        ObjectIdentifier.builder().key("batch/2 two").build(),
                        ObjectIdentifier.builder().key("batch/3+three").build(),
                        ObjectIdentifier.builder().key("batch/never-existed").build())));
        assertThat(deleted.deleted()).hasSize(4);
        assertThat(deleted.errors()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("batch/")).contents())
                .isEmpty();
    }

    @Test
    void bucketsAreListedAndDeletable() {
        s3.createBucket(b -> b.bucket("short-lived"));
        assertThat(s3.listBuckets().buckets())
                .extracting(bucket -> bucket.name())
                .contains(BUCKET, "short-lived");
        assertThat(s3.listBuckets(b -> b.prefix("short")).buckets())
                .extracting(bucket -> bucket.name())
                .containsExactly("short-lived");
        s3.headBucket(b -> b.bucket("short-lived"));
        s3.deleteBucket(b -> b.bucket("short-lived"));
        assertThat(s3.listBuckets().buckets())
                .extracting(bucket -> bucket.name())
                .doesNotContain("short-lived");
    }

    static String md5Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
