package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The event hook: which events arrive, their sequencers, and their S3 notification JSON. */
class LocalS3ServerEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURES = "shared/fixtures/third-party/lambda-events/";

    private static LocalS3Server server;
    private static S3Client s3;
    private static final BlockingQueue<S3ObjectEvent> EVENTS = new LinkedBlockingQueue<>();
    private static final List<String> LISTENER_THREADS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(null);
        server.addListener(e -> {
            throw new IllegalStateException("a broken listener must not stop delivery");
        });
        server.addListener(e -> {
            LISTENER_THREADS.add(Thread.currentThread().getName());
            EVENTS.add(e);
        });
        s3 = S3TestSupport.client(server);
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static S3ObjectEvent next() throws InterruptedException {
        S3ObjectEvent event = EVENTS.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("event within 10 s").isNotNull();
        return event;
    }

    @Test
    void eventsArriveInOrderWithIncreasingSequencers() throws Exception {
        String bucket = "events";
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String key = "in/scan 1+2 é😀.json";
        PutObjectResponse first = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("one"));
        PutObjectResponse second = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("two!"));
        s3.copyObject(b ->
                b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key + ".c"));
        var marker = s3.deleteObject(b -> b.bucket(bucket).key(key));
        s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(first.versionId()));

        List<S3ObjectEvent> events = List.of(next(), next(), next(), next(), next());
        assertThat(events)
                .extracting(S3ObjectEvent::eventName)
                .containsExactly(
                        "ObjectCreated:Put",
                        "ObjectCreated:Put",
                        "ObjectCreated:Copy",
                        "ObjectRemoved:DeleteMarkerCreated",
                        "ObjectRemoved:Delete");
        S3ObjectEvent put = events.get(0);
        assertThat(put.bucket()).isEqualTo(bucket);
        assertThat(put.key()).isEqualTo(key);
        assertThat(put.size()).isEqualTo(3);
        assertThat(put.eTag()).isEqualTo(LocalS3ServerRoundTripTest.md5Hex("one".getBytes()));
        assertThat(put.versionId()).isEqualTo(first.versionId());
        assertThat(put.eventTime()).isBeforeOrEqualTo(Instant.now());
        assertThat(events.get(1).versionId()).isEqualTo(second.versionId());
        assertThat(events.get(2).key()).isEqualTo(key + ".c");
        assertThat(events.get(3).versionId()).isEqualTo(marker.versionId());
        assertThat(events.get(4).versionId()).isEqualTo(first.versionId());
        for (int i = 1; i < events.size(); i++) {
            assertThat(S3ObjectEvent.compareSequencers(
                            events.get(i - 1).sequencer(), events.get(i).sequencer()))
                    .as("sequencer %d < %d", i - 1, i)
                    .isNegative();
        }
        assertThat(events).extracting(S3ObjectEvent::sequencer).allMatch(s -> s.matches("[0-9A-F]{16,}"));
        assertThat(LISTENER_THREADS).allMatch(name -> name.equals("local-s3-events"));
    }

    @Test
    void multipartCompletionAndUnversionedDeletesAreEvents() throws Exception {
        String bucket = "events-plain";
        s3.createBucket(b -> b.bucket(bucket));
        var upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp"));
        var part = s3.uploadPart(
                b -> b.bucket(bucket).key("mp").uploadId(upload.uploadId()).partNumber(1),
                RequestBody.fromString("only part"));
        s3.completeMultipartUpload(b -> b.bucket(bucket)
                .key("mp")
                .uploadId(upload.uploadId())
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(part.eTag()).build())));
        s3.deleteObject(b -> b.bucket(bucket).key("mp"));

        S3ObjectEvent created = next();
        assertThat(created.eventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(created.eTag()).endsWith("-1");
        assertThat(created.size()).isEqualTo(9);
        assertThat(created.versionId()).isNull();
        S3ObjectEvent removed = next();
        assertThat(removed.eventName()).isEqualTo("ObjectRemoved:Delete");
        assertThat(removed.versionId()).isNull();
        assertThat(S3ObjectEvent.compareSequencers(created.sequencer(), removed.sequencer()))
                .isNegative();
    }

    @Test
    void eventJsonHasTheShapeOfARealNotificationWithAnEncodedKey() throws Exception {
        String key = "reports/scan 2024+final/été-😀.json";
        S3ObjectEvent event = new S3ObjectEvent(
                "ObjectCreated:Put",
                "scan-bucket",
                key,
                1024,
                "0123456789abcdef0123456789abcdef",
                "v1abc",
                "0000000000000A1B2C",
                Instant.parse("2024-05-06T07:08:09.010Z"));
        JsonNode record = JSON.readTree(LocalS3Server.toS3EventJson(event, "eu-west-1"))
                .path("Records")
                .get(0);

        assertThat(record.path("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.path("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(record.path("eventTime").asText()).isEqualTo("2024-05-06T07:08:09.010Z");
        assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Put");
        JsonNode s3Node = record.path("s3");
        assertThat(s3Node.path("s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(s3Node.path("bucket").path("name").asText()).isEqualTo("scan-bucket");
        assertThat(s3Node.path("bucket").path("arn").asText()).isEqualTo("arn:aws:s3:::scan-bucket");
        JsonNode object = s3Node.path("object");
        assertThat(object.path("key").asText()).isEqualTo("reports/scan+2024%2Bfinal/%C3%A9t%C3%A9-%F0%9F%98%80.json");
        assertThat(URLDecoder.decode(object.path("key").asText(), StandardCharsets.UTF_8))
                .isEqualTo(key);
        assertThat(object.path("size").asLong()).isEqualTo(1024);
        assertThat(object.path("eTag").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(object.path("versionId").asText()).isEqualTo("v1abc");
        assertThat(object.path("sequencer").asText()).isEqualTo("0000000000000A1B2C");

        Path sampleFile = fixture("s3-put-event.json");
        if (sampleFile != null) {
            JsonNode sample = JSON.readTree(sampleFile.toFile()).path("Records").get(0);
            assertThat(fieldPaths(record)).containsAll(fieldPaths(sample));
        }
        Path encodedSample = fixture("s3-put-event-plus-encoded-key.json");
        if (encodedSample != null) {
            JsonNode second =
                    JSON.readTree(encodedSample.toFile()).path("Records").get(1);
            S3ObjectEvent newFile = new S3ObjectEvent(
                    "ObjectCreated:Put",
                    "sourcebucket",
                    "New File.jpg",
                    1024,
                    "0123456789abcdef0123456789abcdef",
                    null,
                    "0A1B2C3D4E5F678901",
                    Instant.EPOCH);
            JsonNode rendered = JSON.readTree(LocalS3Server.toS3EventJson(newFile, "us-east-1"))
                    .path("Records")
                    .get(0);
            assertThat(rendered.path("s3").path("object").path("key").asText())
                    .isEqualTo(second.path("s3").path("object").path("key").asText());
            assertThat(rendered.path("s3").path("object").has("versionId")).isFalse();
        }
    }

    /** Finds a shared fixture in a {@code shared/} folder above the working directory or in /work; null if absent. */
    private static Path fixture(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FIXTURES + name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Path fallback = Path.of("/work/" + FIXTURES + name);
        return Files.isRegularFile(fallback) ? fallback : null;
    }

    @Test
    void sequencersCompareAfterLeftPadding() {
        assertThat(S3ObjectEvent.compareSequencers("0F", "00A")).isPositive();
        assertThat(S3ObjectEvent.compareSequencers("A", "0a")).isZero();
        assertThat(S3ObjectEvent.compareSequencers("0055AED6DCD90281E5", "0055AED6DCD90281E6"))
                .isNegative();
    }

    /** All field paths of a JSON object, e.g. {@code s3.object.key}. */
    private static List<String> fieldPaths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            out.add(prefix + name);
            collect(node.get(name), prefix + name + ".", out);
        }
    }
}
