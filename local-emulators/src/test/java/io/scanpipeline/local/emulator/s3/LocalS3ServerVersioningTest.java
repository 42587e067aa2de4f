package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bucket versioning: version ids, reads by version, delete markers, version listings, suspension. */
class LocalS3ServerVersioningTest {

    private static LocalS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        s3 = S3TestSupport.client(server);
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static void createVersionedBucket(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    @Test
    void versionsDeleteMarkersAndVersionListing() {
        String bucket = "versioned";
        createVersionedBucket(bucket);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        String key = "scans/host 1+a/été.json";

        PutObjectResponse v1 = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("first"));
        PutObjectResponse v2 = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("second!"));
        assertThat(v1.versionId()).isNotBlank().hasSize(32).doesNotContain("/", "+", "=");
        assertThat(v2.versionId()).isNotBlank().isNotEqualTo(v1.versionId());

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String())
                .isEqualTo("second!");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(v1.versionId()))
                        .asUtf8String())
                .isEqualTo("first");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(v2.versionId()))
                        .response()
                        .versionId())
                .isEqualTo(v2.versionId());
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key).versionId(v1.versionId()))
                        .contentLength())
                .isEqualTo(5);

        DeleteObjectResponse marker = s3.deleteObject(b -> b.bucket(bucket).key(key));
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.versionId()).isNotBlank().isNotIn(v1.versionId(), v2.versionId());

        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(key), (r, in) -> r))
                .isInstanceOfSatisfying(
                        NoSuchKeyException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(v2.versionId()))
                        .asUtf8String())
                .isEqualTo("second!");

        ListObjectVersionsResponse listed =
                s3.listObjectVersions(b -> b.bucket(bucket).prefix("scans/"));
        assertThat(listed.versions())
                .extracting(ObjectVersion::versionId)
                .containsExactly(v2.versionId(), v1.versionId());
        assertThat(listed.versions()).extracting(ObjectVersion::key).containsOnly(key);
        assertThat(listed.versions()).extracting(ObjectVersion::isLatest).containsOnly(false);
        assertThat(listed.versions()).extracting(ObjectVersion::size).containsExactly(7L, 5L);
        assertThat(listed.deleteMarkers())
                .extracting(DeleteMarkerEntry::versionId)
                .containsExactly(marker.versionId());
        assertThat(listed.deleteMarkers().get(0).isLatest()).isTrue();

        DeleteObjectResponse removed =
                s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(v1.versionId()));
        assertThat(removed.versionId()).isEqualTo(v1.versionId());
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(key).versionId(v1.versionId()), (r, in) -> r))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");
                });

        DeleteObjectResponse unmarked =
                s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(marker.versionId()));
        assertThat(unmarked.deleteMarker()).isTrue();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String())
                .isEqualTo("second!");
    }

    @Test
    void versionListingPagesWithMarkers() {
        String bucket = "versioned-paging";
        createVersionedBucket(bucket);
        for (String key : List.of("a", "b", "c")) {
            for (int i = 0; i < 3; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key + n));
            }
        }
        List<String> seen = new java.util.ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        int pages = 0;
        do {
            String km = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(
                    b -> b.bucket(bucket).maxKeys(4).keyMarker(km).versionIdMarker(vm));
            page.versions().forEach(v -> seen.add(v.key() + "@" + v.versionId()));
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
            pages++;
            if (!page.isTruncated()) {
                break;
            }
        } while (pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(9).doesNotHaveDuplicates();
        assertThat(seen)
                .extracting(s -> s.substring(0, 1))
                .containsExactly("a", "a", "a", "b", "b", "b", "c", "c", "c");
    }

    @Test
    void unversionedAndSuspendedBucketsUseTheNullVersion() {
        String bucket = "plain";
        s3.createBucket(b -> b.bucket(bucket));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("two"));
        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly("null");
        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(deleted.deleteMarker()).isNull();
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();

        createVersionedBucket("suspended");
        PutObjectResponse kept = s3.putObject(b -> b.bucket("suspended").key("k"), RequestBody.fromString("v1"));
        s3.putBucketVersioning(
                b -> b.bucket("suspended").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.getBucketVersioning(b -> b.bucket("suspended")).status())
                .isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(s3.putObject(b -> b.bucket("suspended").key("k"), RequestBody.fromString("n1"))
                        .versionId())
                .isNull();
        s3.putObject(b -> b.bucket("suspended").key("k"), RequestBody.fromString("n2"));
        assertThat(s3.listObjectVersions(b -> b.bucket("suspended")).versions())
                .extracting(ObjectVersion::versionId)
                .containsExactly("null", kept.versionId());
        assertThat(s3.getObjectAsBytes(b -> b.bucket("suspended").key("k")).asUtf8String())
                .isEqualTo("n2");
    }
}
