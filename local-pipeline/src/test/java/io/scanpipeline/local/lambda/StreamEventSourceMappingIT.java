package io.scanpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.forwarder.ForwarderHandler;
import io.scanpipeline.forwarder.ForwarderService;
import io.scanpipeline.forwarder.KinesisPublisher;
import io.scanpipeline.local.emulator.LocalAws;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The mapping on the local emulators ({@link LocalAws#shared()}): a table's stream, the real forwarder or a scripted
 * function, and the stream listener of the local DynamoDB waking the pollers.
 */
class StreamEventSourceMappingIT {

    private static final StructuredLog QUIET = StructuredLog.to("test", line -> {});
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @Test
    void forwarder_receivesEveryChangeOnce_inOrderPerKey_andPublishesItToKinesis() throws Exception {
        String table = newTable();
        String kinesisStream = "esm-" + UUID.randomUUID().toString().substring(0, 8);
        KinesisClient kinesis = aws.kinesisClient();
        kinesis.createStream(r -> r.streamName(kinesisStream).shardCount(2));
        awaitActive(kinesis, kinesisStream);
        ForwarderConfig config = ForwarderConfig.defaults(kinesisStream);
        ForwarderHandler forwarder = new ForwarderHandler(
                new ForwarderService(config, KinesisPublisher.create(kinesis, config), null, QUIET, Clock.systemUTC()));

        try (StreamEventSourceMapping mapping = start(
                table,
                forwarder,
                EventSourceMappingSettings.builder().batchSize(25).build())) {
            // written while the mapping runs, so batches form as the listener wakes the poller
            for (int version = 0; version < 4; version++) {
                for (int key = 0; key < 15; key++) {
                    put(table, "item-" + key, version);
                }
            }
            for (int key = 0; key < 15; key += 3) {
                String pk = "item-" + key;
                aws.dynamoDb().deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))));
            }
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();
            MappingStatus status = mapping.status();
            assertThat(status.recordsRead()).isEqualTo(65);
            assertThat(status.functionErrors() + status.partialFailures() + status.discardedRecords())
                    .isZero();
            assertThat(status.shards().get(0).recordsProcessed()).isEqualTo(65);
            assertThat(status.shards().get(0).iteratorAgeMillis()).isNotNull();
        }

        List<ChangeEnvelope> received = readKinesis(kinesis, kinesisStream);
        assertThat(received).hasSize(65);
        Set<String> sequenceNumbers = new HashSet<>();
        received.forEach(e -> assertThat(sequenceNumbers.add(e.sequenceNumber()))
                .as(e.sequenceNumber())
                .isTrue());
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        for (ChangeEnvelope envelope : received) {
            String change = envelope.newImage() == null
                    ? "REMOVE"
                    : envelope.newImage().path("version").asText();
            perKey.computeIfAbsent(envelope.keys().path("pk").asText(), k -> new ArrayList<>())
                    .add(change);
        }
        assertThat(perKey).hasSize(15);
        for (int key = 0; key < 15; key++) {
            List<String> expected = new ArrayList<>(List.of("0", "1", "2", "3"));
            if (key % 3 == 0) {
                expected.add("REMOVE");
            }
            assertThat(perKey.get("item-" + key)).as("item-" + key).isEqualTo(expected);
        }
    }

    @Test
    void batchItemFailure_isRetriedFromThatRecord_withNothingBeforeItDeliveredAgain() throws Exception {
        String table = newTable();
        List<String> first = putAll(table, "k-", 0, 10);
        RecordingHandler handler = new RecordingHandler((batch, n) -> {
            // the first time k-4 is seen, it fails; everything after it in the batch is then not done either
            for (var record : batch) {
                if (n == 1 && RecordingHandler.key(record).equals("k-4")) {
                    return RecordingHandler.failedFrom(record.getDynamodb().getSequenceNumber());
                }
            }
            return null;
        });

        try (StreamEventSourceMapping mapping = start(
                table,
                handler,
                EventSourceMappingSettings.builder().batchSize(10).build())) {
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();
            List<String> later = putAll(table, "k-", 10, 15);
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();

            assertThat(handler.invocations().get(0).keys()).isEqualTo(first);
            assertThat(handler.invocations().get(1).keys()).isEqualTo(first.subList(4, 10));
            List<String> expected = Stream.of(first, first.subList(4, 10), later)
                    .flatMap(List::stream)
                    .toList();
            assertThat(handler.deliveredKeys()).isEqualTo(expected);
            assertThat(mapping.status().partialFailures()).isEqualTo(1);
            assertThat(mapping.status().retries()).isEqualTo(1);
            assertThat(mapping.status().discardedRecords()).isZero();
        }
    }

    @Test
    void poisonedRecord_isIsolatedByBisecting_retriedTwice_thenDiscardedToOnFailure_andTheShardMovesOn()
            throws Exception {
        String table = newTable();
        List<String> first = putAll(table, "k-", 0, 10);
        Path onFailure = dir.resolve("on-failure.ndjson");
        RecordingHandler handler = new RecordingHandler((batch, n) -> {
            if (batch.stream().anyMatch(r -> RecordingHandler.key(r).equals("k-6"))) {
                throw new IllegalArgumentException("poisoned record k-6");
            }
            return null;
        });

        try (StreamEventSourceMapping mapping = start(
                table,
                handler,
                EventSourceMappingSettings.builder()
                        .batchSize(10)
                        .bisectBatchOnFunctionError(true)
                        .maximumRetryAttempts(2)
                        .onFailure(onFailure)
                        .retryBackoff(Duration.ofMillis(20))
                        .build())) {
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();
            List<String> later = putAll(table, "later-", 0, 3);
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();

            List<String> good = Stream.concat(first.stream().filter(k -> !k.equals("k-6")), later.stream())
                    .toList();
            assertThat(handler.succeededKeys()).isEqualTo(good);
            assertThat(handler.invocations())
                    .filteredOn(i -> i.keys().equals(List.of("k-6")))
                    .as("alone: the first attempt and two retries")
                    .hasSize(3);
            MappingStatus status = mapping.status();
            assertThat(status.discardedBatches()).isEqualTo(1);
            assertThat(status.discardedRecords()).isEqualTo(1);
            assertThat(status.bisections()).isEqualTo(3);
        }

        String poisonSequence = handler.invocations().stream()
                .filter(i -> i.keys().equals(List.of("k-6")))
                .findFirst()
                .orElseThrow()
                .sequenceNumbers()
                .get(0);
        List<JsonNode> lines = StreamEventSourceMappingTest.lines(onFailure);
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        // the whole batch, its second half, the pair (k-5, k-6), then k-6 alone three times
        assertThat(line.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(6);
        assertThat(line.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(line.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(line.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo(poisonSequence);
        assertThat(line.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isEqualTo(poisonSequence);
        assertThat(line.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(streamArn(table));
        assertThat(line.at("/error/type").asText()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(line.at("/error/message").asText()).isEqualTo("poisoned record k-6");
        assertThat(line.path("keys")).hasSize(1);
        assertThat(line.at("/keys/0/pk/S").asText()).isEqualTo("k-6");
    }

    @Test
    void batchSize_capsEveryInvocation_andWithoutAWindowTheRestGoesAtOnce() throws Exception {
        String table = newTable();
        putAll(table, "k-", 0, 12);
        RecordingHandler handler = RecordingHandler.succeeding();

        try (StreamEventSourceMapping mapping = start(
                table,
                handler,
                EventSourceMappingSettings.builder().batchSize(5).build())) {
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();
        }

        List<RecordingHandler.Invocation> invocations = handler.invocations();
        assertThat(invocations).extracting(i -> i.keys().size()).containsExactly(5, 5, 2);
        assertThat(Duration.ofNanos(
                        invocations.get(2).nanoTime() - invocations.get(1).nanoTime()))
                .as("no batching window: the last two records are not held back")
                .isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void batchingWindow_gathersRecordsWrittenOneByOne_untilTheBatchIsFullOrTheWindowIsOver() throws Exception {
        String table = newTable();
        RecordingHandler handler = RecordingHandler.succeeding();
        Duration window = Duration.ofSeconds(4);

        try (StreamEventSourceMapping mapping = start(
                table,
                handler,
                EventSourceMappingSettings.builder()
                        .batchSize(5)
                        .maximumBatchingWindow(window)
                        .build())) {
            long began = System.nanoTime();
            putAll(table, "k-", 0, 10);
            long lastBatchStarted = System.nanoTime();
            putAll(table, "k-", 10, 12);
            long written = System.nanoTime();
            assertThat(Duration.ofNanos(written - began))
                    .as("all writes fall within one window")
                    .isLessThan(window);
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();

            List<RecordingHandler.Invocation> invocations = handler.invocations();
            assertThat(invocations).extracting(i -> i.keys().size()).containsExactly(5, 5, 2);
            assertThat(Duration.ofNanos(invocations.get(2).nanoTime() - lastBatchStarted))
                    .as("the partial batch waited for its window")
                    .isGreaterThanOrEqualTo(window.minusMillis(100));
            assertThat(Duration.ofNanos(invocations.get(1).nanoTime() - began))
                    .as("full batches do not wait for the window")
                    .isLessThan(window);
        }
    }

    private StreamEventSourceMapping start(
            String table,
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
            EventSourceMappingSettings settings) {
        StreamEventSourceMapping mapping = StreamEventSourceMapping.start(
                aws.streams(),
                streamArn(table),
                new LambdaInvoker<>("fn-" + table, handler, DynamodbEvent.class),
                settings,
                QUIET);
        aws.dynamo().addStreamListener(mapping::notifyRecordsAvailable);
        return mapping;
    }

    private String newTable() {
        String table = "Esm" + UUID.randomUUID().toString().substring(0, 8);
        aws.createTable(table, "pk");
        return table;
    }

    private String streamArn(String table) {
        return aws.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
    }

    private void put(String table, String pk, int version) {
        aws.dynamoDb()
                .putItem(r -> r.tableName(table)
                        .item(Map.of(
                                "pk",
                                AttributeValue.fromS(pk),
                                "version",
                                AttributeValue.fromN(Integer.toString(version)))));
    }

    /** Puts items {@code prefix + from} .. {@code prefix + (to - 1)}, in that order; returns their keys. */
    private List<String> putAll(String table, String prefix, int from, int to) {
        List<String> keys = StreamEventSourceMappingTest.keys(prefix, from, to);
        keys.forEach(key -> put(table, key, 0));
        return keys;
    }

    static List<ChangeEnvelope> readKinesis(KinesisClient kinesis, String stream) {
        List<ChangeEnvelope> envelopes = new ArrayList<>();
        for (var shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(r -> r.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            for (int page = 0; iterator != null && page < 100; page++) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(current));
                response.records()
                        .forEach(r -> envelopes.add(
                                ChangeEnvelopeCodec.fromBytes(r.data().asByteArray())));
                boolean behind = response.millisBehindLatest() != null && response.millisBehindLatest() > 0;
                if (response.records().isEmpty() && !behind) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return envelopes;
    }

    static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        StreamEventSourceMappingTest.waitUntil(
                () -> kinesis.describeStreamSummary(r -> r.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE,
                Duration.ofSeconds(30));
    }
}
