package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Start, restart on the same data, temporary directories, fixed ports and concurrent clients. */
class LocalS3ServerLifecycleTest {

    @Test
    void temporaryDataDirectoryIsRemovedOnClose() throws Exception {
        Path dir;
        try (LocalS3Server server = LocalS3Server.start(null)) {
            dir = server.dataDir();
            assertThat(server.endpoint().toString()).startsWith("http://127.0.0.1:");
            assertThat(server.port()).isPositive();
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void objectsAndVersionsSurviveARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        String v1;
        try (LocalS3Server server = LocalS3Server.start(dir);
                S3Client s3 = S3TestSupport.client(server)) {
            s3.createBucket(b -> b.bucket("kept"));
            s3.putBucketVersioning(
                    b -> b.bucket("kept").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            v1 = s3.putObject(b -> b.bucket("kept").key("k é"), RequestBody.fromString("one"))
                    .versionId();
            s3.putObject(
                    b -> b.bucket("kept").key("k é").metadata(java.util.Map.of("m", "2")),
                    RequestBody.fromString("two"));
        }
        assertThat(dir).isDirectory();
        try (LocalS3Server server = LocalS3Server.start(dir);
                S3Client s3 = S3TestSupport.client(server)) {
            assertThat(s3.getBucketVersioning(b -> b.bucket("kept")).status())
                    .isEqualTo(BucketVersioningStatus.ENABLED);
            var latest = s3.getObjectAsBytes(b -> b.bucket("kept").key("k é"));
            assertThat(latest.asUtf8String()).isEqualTo("two");
            assertThat(latest.response().metadata()).containsEntry("m", "2");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("kept").key("k é").versionId(v1))
                            .asUtf8String())
                    .isEqualTo("one");
            assertThat(s3.listObjectVersions(b -> b.bucket("kept")).versions()).hasSize(2);
        }
    }

    @Test
    void fixedPortFromTheBuilder() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (LocalS3Server server =
                        LocalS3Server.builder().port(port).threads(4).start();
                S3Client s3 = S3TestSupport.client(server)) {
            assertThat(server.port()).isEqualTo(port);
            s3.createBucket(b -> b.bucket("fixed"));
            assertThat(s3.listBuckets().buckets()).hasSize(1);
        }
    }

    @Test
    void concurrentClientsDoNotInterfere() throws Exception {
        try (LocalS3Server server = LocalS3Server.start(null);
                S3Client s3 = S3TestSupport.client(server)) {
            s3.createBucket(b -> b.bucket("busy"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        s3.putObject(b -> b.bucket("busy").key("k" + n), RequestBody.fromString("value " + n));
                        return s3.getObjectAsBytes(b -> b.bucket("busy").key("k" + n))
                                .asUtf8String();
                    }));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get()).isEqualTo("value " + i);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(s3.listObjectsV2Paginator(b -> b.bucket("busy")).contents().stream()
                            .count())
                    .isEqualTo(64);
            try (var files = Files.list(server.dataDir().resolve("tmp"))) {
                assertThat(files.count())
                        .as("no temporary upload files left behind")
                        .isZero();
            }
        }
    }
}
