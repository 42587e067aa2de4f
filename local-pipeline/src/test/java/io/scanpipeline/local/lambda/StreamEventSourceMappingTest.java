package io.scanpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.forwarder.FailedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping's semantics on a {@link FakeStreams}: fast, and with shards and record ages the emulator cannot make. */
class StreamEventSourceMappingTest {

    private static final StructuredLog QUIET = StructuredLog.to("test", line -> {});

    @TempDir
    Path dir;

    private final FakeStreams streams = new FakeStreams().shard("shard-a", null);

    private static EventSourceMappingSettings.Builder fast() {
        return EventSourceMappingSettings.builder()
                .pollInterval(Duration.ofMillis(10))
                .retryBackoff(Duration.ofMillis(1));
    }

    private StreamEventSourceMapping start(RecordingHandler handler, EventSourceMappingSettings settings) {
        return StreamEventSourceMapping.start(
                streams,
                FakeStreams.ARN,
                new LambdaInvoker<>("test-fn", handler, DynamodbEvent.class),
                settings,
                QUIET);
    }

    private void append(String... keys) {
        for (String key : keys) {
            streams.append("shard-a", key, Instant.now());
        }
    }

    @Test
    void twoShards_eachInOrder_withAtMostOneInvocationPerShardAtATime() throws Exception {
        streams.shard("shard-b", null);
        for (int i = 0; i < 30; i++) {
            streams.append("shard-a", "a-" + i, Instant.now());
            streams.append("shard-b", "b-" + i, Instant.now());
        }
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        RecordingHandler handler = new RecordingHandler((batch, n) -> {
            AtomicInteger shard = inFlight.computeIfAbsent(
                    RecordingHandler.key(batch.get(0)).substring(0, 1), k -> new AtomicInteger());
            if (shard.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            sleep(5);
            shard.decrementAndGet();
            return null;
        });

        try (StreamEventSourceMapping mapping =
                start(handler, fast().batchSize(7).build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().shards()).hasSize(2);
            assertThat(mapping.status().recordsRead()).isEqualTo(60);
        }

        assertThat(overlaps.get()).isZero();
        List<String> delivered = handler.deliveredKeys();
        assertThat(delivered.stream().filter(k -> k.startsWith("a-")).toList()).isEqualTo(keys("a-", 0, 30));
        assertThat(delivered.stream().filter(k -> k.startsWith("b-")).toList()).isEqualTo(keys("b-", 0, 30));
        assertThat(handler.invocations()).allSatisfy(i -> assertThat(i.keys()).hasSizeLessThanOrEqualTo(7));
    }

    @Test
    void childShard_isReadOnlyAfterItsParentWasReadToItsEnd() throws Exception {
        FakeStreams split = new FakeStreams().shard("parent", null).shard("child", "parent");
        for (int i = 0; i < 5; i++) {
            split.append("child", "c-" + i, Instant.now());
        }
        for (int i = 0; i < 5; i++) {
            split.append("parent", "p-" + i, Instant.now());
        }
        split.closeShard("parent");
        RecordingHandler handler = RecordingHandler.succeeding();

        try (StreamEventSourceMapping mapping = StreamEventSourceMapping.start(
                split,
                FakeStreams.ARN,
                new LambdaInvoker<>("fn", handler, DynamodbEvent.class),
                fast().batchSize(2).build(),
                QUIET)) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().shards())
                    .extracting(MappingStatus.ShardStatus::state)
                    .containsExactly("ENDED", "POLLING");
        }

        assertThat(handler.deliveredKeys())
                .containsExactly("p-0", "p-1", "p-2", "p-3", "p-4", "c-0", "c-1", "c-2", "c-3", "c-4");
    }

    @Test
    void shardThatAppearsLater_isPickedUp_andReadFromItsStartEvenWithLatest() throws Exception {
        RecordingHandler handler = RecordingHandler.succeeding();
        try (StreamEventSourceMapping mapping = start(
                handler,
                fast().startingPosition(EventSourceMappingSettings.StartingPosition.LATEST)
                        .build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            streams.shard("shard-new", null);
            streams.append("shard-new", "n-0", Instant.now());
            streams.append("shard-new", "n-1", Instant.now());

            waitUntil(
                    () -> mapping.status().shards().size() == 2,
                    Duration.ofSeconds(StreamEventSourceMapping.DISCOVERY_SECONDS + 5));
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().shards().get(1).lastProcessedCreationTime())
                    .isNotNull();
        }

        assertThat(handler.deliveredKeys()).containsExactly("n-0", "n-1");
    }

    @Test
    void latest_skipsWhatIsAlreadyInTheStream() throws Exception {
        append("old-0", "old-1");
        RecordingHandler handler = RecordingHandler.succeeding();

        try (StreamEventSourceMapping mapping = start(
                handler,
                fast().startingPosition(EventSourceMappingSettings.StartingPosition.LATEST)
                        .build())) {
            append("new-0");
            mapping.notifyRecordsAvailable(FakeStreams.ARN);
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }

        assertThat(handler.deliveredKeys()).containsExactly("new-0");
    }

    @Test
    void itemIdentifierNotInTheBatch_failsTheWholeBatch() throws Exception {
        append("k-0", "k-1", "k-2");
        RecordingHandler handler =
                new RecordingHandler((batch, n) -> n == 1 ? RecordingHandler.failedFrom("999999") : null);

        try (StreamEventSourceMapping mapping =
                start(handler, fast().bisectBatchOnFunctionError(false).build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().invalidResponses()).isEqualTo(1);
            assertThat(mapping.status().partialFailures()).isZero();
        }

        assertThat(handler.invocations())
                .extracting(RecordingHandler.Invocation::keys)
                .containsExactly(List.of("k-0", "k-1", "k-2"), List.of("k-0", "k-1", "k-2"));
    }

    @Test
    void severalBatchItemFailures_retryFromTheLowestSequenceNumber() throws Exception {
        append("k-0", "k-1", "k-2", "k-3", "k-4");
        RecordingHandler handler = new RecordingHandler((batch, n) -> n > 1
                ? null
                : new StreamsEventResponse(List.of(
                        new StreamsEventResponse.BatchItemFailure(
                                batch.get(3).getDynamodb().getSequenceNumber()),
                        new StreamsEventResponse.BatchItemFailure(
                                batch.get(1).getDynamodb().getSequenceNumber()))));

        try (StreamEventSourceMapping mapping = start(handler, fast().build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }

        assertThat(handler.invocations())
                .extracting(RecordingHandler.Invocation::keys)
                .containsExactly(List.of("k-0", "k-1", "k-2", "k-3", "k-4"), List.of("k-1", "k-2", "k-3", "k-4"));
    }

    @Test
    void withoutReportBatchItemFailures_theResponseIsIgnored() throws Exception {
        append("k-0", "k-1");
        RecordingHandler handler = new RecordingHandler((batch, n) ->
                RecordingHandler.failedFrom(batch.get(0).getDynamodb().getSequenceNumber()));

        try (StreamEventSourceMapping mapping =
                start(handler, fast().reportBatchItemFailures(false).build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().shards().get(0).recordsProcessed()).isEqualTo(2);
        }

        assertThat(handler.invocations()).hasSize(1);
    }

    @Test
    void recordsOlderThanMaximumRecordAge_areDiscardedWithoutAnInvocation() throws Exception {
        streams.append("shard-a", "stale-0", Instant.now().minus(Duration.ofHours(2)));
        streams.append("shard-a", "stale-1", Instant.now().minus(Duration.ofMinutes(61)));
        append("fresh-0");
        Path onFailure = dir.resolve("failures/esm.ndjson");
        RecordingHandler handler = RecordingHandler.succeeding();

        try (StreamEventSourceMapping mapping = start(
                handler,
                fast().maximumRecordAge(Duration.ofHours(1))
                        .onFailure(onFailure)
                        .build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().discardedRecords()).isEqualTo(2);
        }

        assertThat(handler.deliveredKeys()).containsExactly("fresh-0");
        List<JsonNode> lines = lines(onFailure);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).at("/requestContext/condition").asText()).isEqualTo("RecordAgeExceeded");
        assertThat(lines.get(0).at("/requestContext/approximateInvokeCount").asInt())
                .isZero();
        assertThat(lines.get(0).at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(2);
        assertThat(lines.get(0).path("keys"))
                .extracting(k -> k.at("/pk/S").asText())
                .containsExactly("stale-0", "stale-1");
    }

    @Test
    void maximumRetryAttemptsZero_discardsTheBatchAtItsFirstFailure_andMovesOn() throws Exception {
        append("k-0", "bad", "k-2");
        Path onFailure = dir.resolve("esm.ndjson");
        RecordingHandler handler = new RecordingHandler((batch, n) -> {
            if (batch.stream().anyMatch(r -> RecordingHandler.key(r).equals("bad"))) {
                throw new IllegalStateException("cannot handle 'bad'");
            }
            return null;
        });

        try (StreamEventSourceMapping mapping = start(
                handler,
                fast().bisectBatchOnFunctionError(false)
                        .maximumRetryAttempts(0)
                        .onFailure(onFailure)
                        .build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            append("k-3");
            mapping.notifyRecordsAvailable(FakeStreams.ARN);
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(mapping.status().functionErrors()).isEqualTo(1);
        }

        assertThat(handler.invocations())
                .extracting(RecordingHandler.Invocation::keys)
                .containsExactly(List.of("k-0", "bad", "k-2"), List.of("k-3"));
        JsonNode line = lines(onFailure).get(0);
        assertThat(line.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(line.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(line.at("/error/type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(line.at("/error/message").asText()).isEqualTo("cannot handle 'bad'");
        assertThat(line.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo("000000000000000000001");
        assertThat(line.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isEqualTo("000000000000000000003");
        assertThat(line.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(FakeStreams.ARN);
        assertThat(line.at("/DDBStreamBatchInfo/shardId").asText()).isEqualTo("shard-a");
    }

    @Test
    void discardedBatch_keepsTheRecordsThemselvesAsPayload_asAnS3DestinationDoes_soTheyCanBeRedriven()
            throws Exception {
        append("k-0", "k-1");
        Path onFailure = dir.resolve("esm.ndjson");
        RecordingHandler handler = new RecordingHandler((batch, n) -> {
            throw new IllegalStateException("Kinesis is down");
        });

        try (StreamEventSourceMapping mapping = start(
                handler,
                fast().bisectBatchOnFunctionError(false)
                        .maximumRetryAttempts(1)
                        .onFailure(onFailure)
                        .build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }

        FailedBatch failed = FailedBatch.parse(lines(onFailure).get(0), "esm.ndjson line 1");
        assertThat(failed.shardId()).isEqualTo("shard-a");
        assertThat(failed.event().getRecords())
                .extracting(r -> r.getDynamodb().getKeys().get("pk").getS())
                .containsExactly("k-0", "k-1");
        assertThat(failed.event().getRecords())
                .extracting(r -> r.getDynamodb().getSequenceNumber())
                .containsExactly("000000000000000000001", "000000000000000000002");
        assertThat(failed.event().getRecords())
                .allSatisfy(r -> assertThat(r.getEventSourceARN()).isEqualTo(FakeStreams.ARN));
    }

    @Test
    void close_letsTheRunningInvocationFinish_andStartsNoOther() throws Exception {
        append("k-0", "k-1", "k-2");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler((batch, n) -> {
            entered.countDown();
            await(release);
            return null;
        });
        StreamEventSourceMapping mapping = start(handler, fast().batchSize(1).build());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(mapping::close);
        closer.start();
        closer.join(300);
        assertThat(closer.isAlive())
                .as("close waits for the running invocation")
                .isTrue();
        release.countDown();
        closer.join(10_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(handler.deliveredKeys()).containsExactly("k-0");
        MappingStatus status = mapping.status();
        assertThat(status.running()).isFalse();
        assertThat(status.shards().get(0).lastProcessedSequenceNumber()).isEqualTo("000000000000000000001");
        assertThat(status.shards().get(0).state()).isEqualTo("STOPPED");
    }

    @Test
    void idleShard_pollsAtThePollInterval_andAWakeUpReadsAtOnce() throws Exception {
        RecordingHandler handler = RecordingHandler.succeeding();
        try (StreamEventSourceMapping mapping =
                start(handler, fast().pollInterval(Duration.ofSeconds(30)).build())) {
            assertThat(mapping.awaitIdle(Duration.ofSeconds(10))).isTrue();
            int reads = streams.getRecordsCalls();
            append("k-0");
            mapping.notifyRecordsAvailable("arn:of:another:stream");
            Thread.sleep(200);
            assertThat(streams.getRecordsCalls())
                    .as("another stream's change wakes nobody")
                    .isEqualTo(reads);

            mapping.notifyRecordsAvailable(FakeStreams.ARN);
            waitUntil(() -> handler.invocations().size() == 1, Duration.ofSeconds(5));
        }
        assertThat(handler.deliveredKeys()).containsExactly("k-0");
    }

    static List<String> keys(String prefix, int from, int to) {
        return java.util.stream.IntStream.range(from, to)
                .mapToObj(i -> prefix + i)
                .toList();
    }

    static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(line -> {
                    try {
                        return Json.mapper().readTree(line);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
