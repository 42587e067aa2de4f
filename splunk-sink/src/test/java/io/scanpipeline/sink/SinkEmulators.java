package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.LocalSinkEnv;
import io.scanpipeline.local.emulator.dynamodb.LocalDynamoDb;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The emulators an integration test of the sink needs — Kinesis (kinesis-mock), DynamoDB (dynalite, for the lease
 * table), S3 (dead letters), started together by {@link LocalAws}, and a Splunk HEC receiver with acks — plus helpers
 * to put envelopes and build the sink's environment: {@link LocalSinkEnv}'s, with quicker timers for tests.
 */
final class SinkEmulators implements AutoCloseable {

    static final String TOKEN = "0b8c7f9e-2d4a-4c1b-9e3f-5a6b7c8d9e0f";
    static final String BUCKET = "sink-dead-letters";
    static final StaticCredentialsProvider CREDENTIALS = LocalAws.CREDENTIALS;

    /** Where PutRecords put an envelope. */
    record Sent(String eventId, String shardId, String sequenceNumber) {}

    final LocalAws aws;
    final LocalDynamoDb dynamoDb;
    final HecReceiver receiver;
    final KinesisClient kinesisClient;
    final S3Client s3Client;

    SinkEmulators() throws IOException {
        this.aws = LocalAws.start(null);
        aws.kinesis();
        this.dynamoDb = aws.dynamo();
        this.receiver =
                HecReceiver.start(HecReceiverConfig.builder().token(TOKEN, true).build());
        this.kinesisClient = aws.kinesisClient();
        this.s3Client = aws.s3();
        aws.createBucket(BUCKET, false);
    }

    void createStream(String name, int shards) throws InterruptedException {
        kinesisClient.createStream(b -> b.streamName(name).shardCount(shards));
        eventually(
                Duration.ofSeconds(20),
                () -> kinesisClient
                                .describeStreamSummary(b -> b.streamName(name))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }

    /**
     * The sink's environment for {@code stream} and {@code application}: {@link LocalSinkEnv}'s, tuned for a quick
     * test: shorter failover, a checkpoint every second, acks polled every 200 ms and taken as lost after 3 s, fast
     * HEC retries and small batches.
     */
    Map<String, String> env(String stream, String application) {
        Map<String, String> env = LocalSinkEnv.of(aws, stream, application, BUCKET, receiver.endpoint(), TOKEN, true);
        // never called with KCL_METRICS_LEVEL=NONE; a closed port makes sure nothing reaches the real CloudWatch
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:9");
        env.put("FAILOVER_TIME", "3s");
        env.put("LEASE_ASSIGNMENT_INTERVAL", "1s");
        env.put("POLLING_IDLE_TIME", "250ms");
        env.put("CHECKPOINT_INTERVAL", "1s");
        env.put("PROGRESS_INTERVAL", "2s");
        env.put("REDELIVERY_INTERVAL", "1s");
        env.put("SHUTDOWN_DRAIN_TIMEOUT", "10s");
        env.put("HEC_ACK_POLL_INTERVAL", "200ms");
        env.put("HEC_ACK_TIMEOUT", "3s");
        env.put("HEC_RETRY_BASE", "50ms");
        env.put("HEC_RETRY_MAX", "500ms");
        env.put("HEC_HEALTH_CHECK_INTERVAL", "500ms");
        env.put("HEC_BATCH_MAX_EVENTS", "20");
        env.put("KCL_LOG_LEVEL", "WARNING");
        return env;
    }

    /** An INSERT envelope for finding {@code n}, as the stream forwarder would publish it. */
    static ChangeEnvelope envelope(String table, int n) {
        Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS("finding-" + n));
        Map<String, AttributeValue> image = new LinkedHashMap<>(keys);
        image.put("severity", AttributeValue.fromS(n % 3 == 0 ? "HIGH" : "LOW"));
        image.put(
                "_source",
                AttributeValue.fromM(Map.of(
                        "bucket",
                        AttributeValue.fromS("scans"),
                        "key",
                        AttributeValue.fromS("trivy/run-" + (n / 100) + ".json"))));
        return ChangeEnvelope.of(
                ChangeEnvelope.EventName.INSERT,
                table,
                keys,
                image,
                null,
                String.valueOf(100_000_000_000L + n),
                Instant.parse("2024-05-01T10:00:00.000Z").plusMillis(n));
    }

    /** Puts envelopes {@code from} (inclusive) to {@code to} (exclusive) and returns where each landed. */
    List<Sent> put(String stream, String table, int from, int to) {
        List<Sent> sent = new ArrayList<>();
        for (int start = from; start < to; start += 100) {
            List<ChangeEnvelope> envelopes = new ArrayList<>();
            for (int n = start; n < Math.min(to, start + 100); n++) {
                envelopes.add(envelope(table, n));
            }
            List<PutRecordsRequestEntry> entries = envelopes.stream()
                    .map(e -> PutRecordsRequestEntry.builder()
                            .partitionKey(e.partitionKey())
                            .data(SdkBytes.fromByteArray(ChangeEnvelopeCodec.toBytes(e)))
                            .build())
                    .toList();
            PutRecordsResponse response =
                    kinesisClient.putRecords(b -> b.streamName(stream).records(entries));
            if (response.failedRecordCount() > 0) {
                throw new IllegalStateException("PutRecords failed for " + response.failedRecordCount() + " records");
            }
            for (int i = 0; i < envelopes.size(); i++) {
                sent.add(new Sent(
                        envelopes.get(i).eventId(),
                        response.records().get(i).shardId(),
                        response.records().get(i).sequenceNumber()));
            }
        }
        return sent;
    }

    /** Puts bytes that are not an envelope. */
    Sent putGarbage(String stream, String text) {
        var entry = kinesisClient.putRecord(
                b -> b.streamName(stream).partitionKey("garbage").data(SdkBytes.fromUtf8String(text)));
        return new Sent(null, entry.shardId(), entry.sequenceNumber());
    }

    /** The eventIds of the change events the receiver stored (not health events), one per stored copy. */
    List<String> receivedEventIds() {
        return changeEventIds(receiver.events());
    }

    /** The eventIds of the change events among stored HEC events: the sink's own health events are not envelopes. */
    static List<String> changeEventIds(List<JsonNode> stored) {
        List<String> ids = new ArrayList<>();
        for (JsonNode event : stored) {
            if (!HealthEvents.SOURCETYPE.equals(event.path("sourcetype").asText())) {
                ids.add(event.path("event").path("eventId").asText());
            }
        }
        return ids;
    }

    static void eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws IOException {
        receiver.close();
        aws.close();
    }
}
