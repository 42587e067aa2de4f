package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjectsV2 and ListObjects paging: max-keys, continuation tokens, start-after, delimiters. */
class LocalS3ServerListingTest {

    private static final String BUCKET = "listing";
    /** 25 keys: 10 top-level files, 3 "directories" with 5 keys each. */
    private static final List<String> KEYS = new ArrayList<>();

    private static LocalS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        s3 = S3TestSupport.client(server);
        s3.createBucket(b -> b.bucket(BUCKET));
        for (int i = 0; i < 10; i++) {
            KEYS.add(String.format("file-%02d.json", i));
        }
        for (String dir : List.of("dir-a/", "dir-b/", "dir c+/")) {
            for (int i = 0; i < 5; i++) {
                KEYS.add(dir + "item-" + i + ".json");
            }
        }
        for (String key : KEYS) {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }
        KEYS.sort(S3Text.KEY_ORDER);
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void pagesThroughAllKeysWithContinuationTokens() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        while (true) {
            String t = token;
            ListObjectsV2Response page =
                    s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(7).continuationToken(t));
            pages++;
            assertThat(page.keyCount()).isEqualTo(page.contents().size());
            page.contents().forEach(o -> seen.add(o.key()));
            if (!page.isTruncated()) {
                assertThat(page.nextContinuationToken()).isNull();
                break;
            }
            assertThat(page.contents()).hasSize(7);
            token = page.nextContinuationToken();
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactlyElementsOf(KEYS);
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).maxKeys(4)).contents().stream()
                        .map(S3Object::key)
                        .toList())
                .containsExactlyElementsOf(KEYS);
    }

    @Test
    void delimiterRollsUpDirectoriesAndCountsThemAsOneEntry() {
        ListObjectsV2Response all = s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/"));
        assertThat(all.commonPrefixes())
                .extracting(CommonPrefix::prefix)
                .containsExactly("dir c+/", "dir-a/", "dir-b/");
        assertThat(all.contents()).hasSize(10);
        assertThat(all.keyCount()).isEqualTo(13);

        List<String> entries = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(
                    b -> b.bucket(BUCKET).delimiter("/").maxKeys(2).continuationToken(t));
            assertThat(page.keyCount()).isLessThanOrEqualTo(2);
            page.commonPrefixes().forEach(p -> entries.add(p.prefix()));
            page.contents().forEach(o -> entries.add(o.key()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        assertThat(entries)
                .containsExactlyInAnyOrder(
                        "dir c+/",
                        "dir-a/",
                        "dir-b/",
                        "file-00.json",
                        "file-01.json",
                        "file-02.json",
                        "file-03.json",
                        "file-04.json",
                        "file-05.json",
                        "file-06.json",
                        "file-07.json",
                        "file-08.json",
                        "file-09.json");
        assertThat(entries).doesNotHaveDuplicates();

        ListObjectsV2Response inDir =
                s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("dir c+/").delimiter("/"));
        assertThat(inDir.contents()).extracting(S3Object::key).hasSize(5).allMatch(k -> k.startsWith("dir c+/"));
        assertThat(inDir.commonPrefixes()).isEmpty();
    }

    @Test
    void startAfterAndMaxKeys() {
        ListObjectsV2Response page = s3.listObjectsV2(
                b -> b.bucket(BUCKET).startAfter("file-07.json").maxKeys(5));
        assertThat(page.contents()).extracting(S3Object::key).containsExactly("file-08.json", "file-09.json");
        assertThat(page.isTruncated()).isFalse();
        assertThat(page.startAfter()).isEqualTo("file-07.json");

        ListObjectsV2Response none = s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(0));
        assertThat(none.contents()).isEmpty();
        assertThat(none.isTruncated()).isFalse();
        assertThat(none.maxKeys()).isZero();
    }

    @Test
    void listObjectsV1PagesWithMarkers() {
        List<String> seen = new ArrayList<>();
        String marker = null;
        for (int i = 0; i < 20; i++) {
            String m = marker;
            ListObjectsResponse page =
                    s3.listObjects(b -> b.bucket(BUCKET).maxKeys(10).marker(m));
            page.contents().forEach(o -> seen.add(o.key()));
            if (!page.isTruncated()) {
                break;
            }
            marker = page.contents().get(page.contents().size() - 1).key();
        }
        assertThat(seen).containsExactlyElementsOf(KEYS);
    }

    @Test
    void urlEncodingTypeEncodesKeysAndPrefixes() throws Exception {
        HttpResponse<String> response = S3TestSupport.http()
                .send(
                        HttpRequest.newBuilder(S3TestSupport.uri(
                                        server,
                                        "/" + BUCKET
                                                + "?list-type=2&delimiter=%2F&encoding-type=url&prefix=dir%20c%2B%2F"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("<EncodingType>url</EncodingType>")
                .contains("<Prefix>dir+c%2B/</Prefix>")
                .contains("<Key>dir+c%2B/item-0.json</Key>");
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("dir c+/").encodingType("url"))
                        .contents())
                .extracting(S3Object::key)
                .contains("dir c+/item-0.json");
    }
}
