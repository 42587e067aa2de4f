package io.scanpipeline.sink.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.deadletter.FakeRejectStore;
import io.scanpipeline.sink.hec.HecClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The shard processor with a real HEC client against the in-JVM HEC receiver, a fake object store for dead letters
 * and a fake checkpointer (KCL's lease table is exercised by the integration tests).
 */
class SplunkRecordProcessorTest {

    private static final String TOKEN = "3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4";
    private static final String SHARD = "shardId-000000000000";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final FakeRejectStore store = new FakeRejectStore();
    private final RecordingCheckpointer checkpointer = new RecordingCheckpointer();
    private final SinkStats stats = new SinkStats();
    private DeliveryHealth health;

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private HecReceiver receiver(HecReceiverConfig config) throws Exception {
        HecReceiver receiver = HecReceiver.start(config);
        closing.add(receiver);
        return receiver;
    }

    private SplunkRecordProcessor processor(HecReceiver receiver, int maxInFlight, String... extraEnv) {
        return processor(receiver, maxInFlight, RecordSelector.ALL, extraEnv);
    }

    private SplunkRecordProcessor processor(
            HecReceiver receiver, int maxInFlight, RecordSelector selector, String... extraEnv) {
        StructuredLog log = StructuredLog.to("test", lines::add);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "HEC_URLS",
                receiver.endpoint().toString(),
                "HEC_TOKEN",
                TOKEN,
                "HEC_RETRY_BASE",
                "20ms",
                "HEC_RETRY_MAX",
                "100ms",
                "HEC_BATCH_MAX_EVENTS",
                "5",
                "HEC_MAX_IN_FLIGHT_EVENTS",
                "50",
                "HEC_HEALTH_CHECK_INTERVAL",
                "100ms"));
        for (int i = 0; i < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        HecClient hec = HecClient.create(HecEnvironment.fromEnv(env), log);
        closing.add(hec);
        DeadLetters deadLetters = DeadLetters.create(store, "dl/", "app", log);
        closing.add(deadLetters);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        closing.add(timer::shutdownNow);
        health = new DeliveryHealth(log, Duration.ofMillis(200), Clock.systemUTC());
        timer.scheduleWithFixedDelay(health::remind, 50, 50, TimeUnit.MILLISECONDS);
        ProcessorContext ctx = new ProcessorContext(
                hec,
                deadLetters,
                new HecEventMapper("scan:finding"),
                selector,
                stats,
                health,
                timer,
                maxInFlight,
                Duration.ZERO,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                log);
        SplunkRecordProcessor processor = new SplunkRecordProcessor(ctx);
        processor.initialize(InitializationInput.builder().shardId(SHARD).build());
        return processor;
    }

    private static KinesisClientRecord record(long sequence, byte[] data) {
        return KinesisClientRecord.builder()
                .sequenceNumber(String.valueOf(sequence))
                .subSequenceNumber(0)
                .partitionKey("pk")
                .approximateArrivalTimestamp(Instant.parse("2024-05-01T10:00:00Z"))
                .data(ByteBuffer.wrap(data))
                .build();
    }

    private static KinesisClientRecord envelope(long sequence) {
        ChangeEnvelope envelope = ChangeEnvelope.of(
                ChangeEnvelope.EventName.MODIFY,
                "Findings",
                Map.of("pk", AttributeValue.fromS("f" + sequence)),
                Map.of("pk", AttributeValue.fromS("f" + sequence)),
                null,
                "9" + sequence,
                Instant.parse("2024-05-01T09:00:00Z"));
        return record(sequence, ChangeEnvelopeCodec.toBytes(envelope));
    }

    private ProcessRecordsInput input(List<KinesisClientRecord> records) {
        return ProcessRecordsInput.builder()
                .records(records)
                .checkpointer(checkpointer.proxy())
                .millisBehindLatest(0L)
                .build();
    }

    private static List<KinesisClientRecord> envelopes(long from, long to) {
        List<KinesisClientRecord> records = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            records.add(envelope(s));
        }
        return records;
    }

    @Test
    void confirmedRecordsAreCheckpointed_andUnreadableOnesOnlyAfterTheirDeadLetterIsStored() throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        SplunkRecordProcessor processor = processor(receiver, 100);
        List<KinesisClientRecord> records = new ArrayList<>(envelopes(10, 12));
        records.add(record(13, "{\"v\":2}".getBytes(StandardCharsets.UTF_8)));
        store.failNextPuts(2);

        processor.processRecords(input(records));
        // confirmations follow the receiver's answer and the store's put: wait for them, not for the receiver
        eventually(() -> stats.delivered() == 3 && stats.deadLettered() == 1);
        processor.processRecords(input(List.of()));

        assertThat(checkpointer.last()).isEqualTo("13.0");
        List<DeadLetter> letters = DeadLetters.parse(store.get(store.list("dl/").get(0)));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("unsupported envelope version 2, expected 1");
            assertThat(letter.position()).isEqualTo(SequencePosition.of("13", 0));
        });
        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.deadLettered()).isEqualTo(1);
    }

    @Test
    void theEventSplunkReceives_isTheRecordAsItTravelled_unknownMembersAndMemberOrderIncluded() throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        SplunkRecordProcessor processor = processor(receiver, 100);
        String record = "{\"eventName\":\"INSERT\",\"v\":1,\"eventId\":\"e-1\",\"table\":\"Findings\","
                + "\"keys\":{\"pk\":\"F-1\"},\"newImage\":{\"pk\":\"F-1\",\"cvss\":9.80,"
                + "\"big\":123456789012345678901234567890,\"city\":\"Zürich\"},\"sequenceNumber\":\"7\","
                + "\"addedInAFutureVersion\":{\"x\":[1,null]}}";

        processor.processRecords(input(List.of(record(1, record.getBytes(StandardCharsets.UTF_8)))));
        eventually(() -> stats.delivered() == 1);

        com.fasterxml.jackson.databind.JsonNode event = receiver.events().get(0).get("event");
        assertThat(event.toString()).isEqualTo(record);
        assertThat(event.path("newImage").path("cvss").decimalValue()).isEqualTo(new java.math.BigDecimal("9.80"));
        assertThat(receiver.events()
                        .get(0)
                        .path("fields")
                        .path("scanpipeline_event_id")
                        .asText())
                .isEqualTo("e-1");
    }

    @Test
    void truncatedRecords_andRecordsWithTrailingContent_areDeadLettered_andTheRestDelivered() throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        SplunkRecordProcessor processor = processor(receiver, 100);
        byte[] valid = envelope(9).data().duplicate().array();
        String text = new String(valid, StandardCharsets.UTF_8);
        List<KinesisClientRecord> records = new ArrayList<>();
        records.add(envelope(1));
        records.add(record(2, java.util.Arrays.copyOf(valid, valid.length - 1)));
        records.add(record(3, (text + "{\"event\":\"injected\"}").getBytes(StandardCharsets.UTF_8)));
        records.add(record(4, (text + " x").getBytes(StandardCharsets.UTF_8)));
        records.add(envelope(5));

        processor.processRecords(input(records));
        eventually(() -> stats.delivered() == 2 && stats.deadLettered() == 3);
        processor.processRecords(input(List.of()));

        assertThat(checkpointer.last()).isEqualTo("5.0");
        assertThat(receiver.events())
                .hasSize(2)
                .allSatisfy(event -> assertThat(
                                event.path("event").path("eventName").asText())
                        .isEqualTo("MODIFY"));
        List<DeadLetter> letters = new ArrayList<>();
        store.list("dl/").forEach(key -> letters.addAll(DeadLetters.parse(store.get(key))));
        assertThat(letters).hasSize(3).allSatisfy(letter -> {
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.DECODE);
            assertThat(letter.reason()).startsWith("not JSON: ");
        });
        assertThat(letters)
                .extracting(letter -> letter.position().sequenceText())
                .containsExactlyInAnyOrder("2", "3", "4");
        assertThat(letters)
                .filteredOn(letter -> letter.position().sequenceText().equals("3"))
                .singleElement()
                .satisfies(letter -> assertThat(new String(letter.data(), StandardCharsets.UTF_8))
                        .isEqualTo(text + "{\"event\":\"injected\"}"));
    }

    @Test
    void configuredIndexSplunkRefuses_isAConfigurationError_nothingDeadLetteredOrCheckpointed() throws Exception {
        // issue 16 item 3: a wrong HEC_INDEX would refuse every event alike; dead-lettering them all and
        // checkpointing would empty the stream into S3 without an alarm. The records are kept and sent again.
        HecReceiver receiver = receiver(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .allowedIndexes(java.util.Set.of("main"))
                .build());
        SplunkRecordProcessor processor = processor(receiver, 100, "HEC_INDEX", "missing");

        processor.processRecords(input(envelopes(1, 2)));
        eventually(() -> lines.stream().anyMatch(line -> line.contains("\"hec_index_refused\"")));
        processor.processRecords(input(List.of()));

        assertThat(health.authFailing())
                .as("a configuration error: /health answers 503")
                .isTrue();
        assertThat(lines)
                .filteredOn(line -> line.contains("\"hec_index_refused\""))
                .allMatch(line -> line.contains("\"alarm\":true") && line.contains("\"ERROR\""));
        assertThat(receiver.events()).isEmpty();
        assertThat(receiver.countByHecCode(7)).isPositive();
        assertThat(checkpointer.last()).isNull();
        assertThat(stats.deadLettered()).isZero();
        assertThat(store.list("dl/")).isEmpty();
    }

    @Test
    void refusedToken_pausesWithoutCheckpoint_repeatsTheAlarm_andResumesWhenTheTokenWorks() throws Exception {
        HecReceiver refusing =
                receiver(HecReceiverConfig.builder().disabledToken(TOKEN).build());
        int port = refusing.endpoint().getPort();
        SplunkRecordProcessor processor = processor(refusing, 100);

        processor.processRecords(input(envelopes(1, 4)));
        eventually(health::authFailing);
        Thread.sleep(700);
        processor.processRecords(input(List.of()));

        assertThat(checkpointer.checkpoints)
                .as("no progress while the token is refused")
                .isEmpty();
        assertThat(lines)
                .filteredOn(line -> line.contains("\"hec_auth_failing\""))
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(line -> line.contains("\"alarm\":true") && line.contains("\"ERROR\""));
        assertThat(refusing.countByHttpStatus(403))
                .as("sent again periodically")
                .isGreaterThanOrEqualTo(2);
        assertThat(stats.shard(SHARD).inFlight()).as("nothing dropped").isEqualTo(4);

        // the token is enabled (a new receiver on the same port stands for Splunk after the fix)
        refusing.close();
        HecReceiver accepting = receiver(
                HecReceiverConfig.builder().port(port).token(TOKEN, false).build());
        eventually(() -> stats.delivered() == 4);
        processor.processRecords(input(List.of()));

        assertThat(checkpointer.last()).isEqualTo("4.0");
        assertThat(health.authFailing()).isFalse();
        assertThat(lines).anyMatch(line -> line.contains("\"hec_auth_recovered\""));
        assertThat(store.list(""))
                .as("refused is not rejected: no dead letters")
                .isEmpty();
    }

    @Test
    void fullTracker_blocksProcessRecords_untilSplunkConfirms() throws Exception {
        HecReceiver receiver = receiver(
                HecReceiverConfig.builder().token(TOKEN, false).healthy(false).build());
        SplunkRecordProcessor processor = processor(receiver, 5);

        CompletableFuture<Void> processing =
                CompletableFuture.runAsync(() -> processor.processRecords(input(envelopes(1, 20))));
        Thread.sleep(500);

        assertThat(processing).as("blocked at the bound").isNotDone();
        assertThat(stats.shard(SHARD).inFlight()).isEqualTo(5);

        receiver.healthy(true);
        processing.get(20, TimeUnit.SECONDS);
        eventually(() -> stats.delivered() == 20);
        processor.processRecords(input(List.of()));
        assertThat(checkpointer.last()).isEqualTo("20.0");
    }

    @Test
    void leaseLost_checkpointsNothing_evenForRecordsSplunkConfirmsLater() throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        receiver.faults(receiver.faults().withResponseDelay(Duration.ofMillis(300)));
        SplunkRecordProcessor processor = processor(receiver, 100);

        processor.processRecords(input(envelopes(1, 3)));
        processor.leaseLost(LeaseLostInput.builder().build());
        eventually(() -> receiver.events().size() == 3);

        assertThat(checkpointer.checkpoints).isEmpty();
        assertThat(stats.shard(SHARD).owned()).isFalse();
    }

    @Test
    void shardEnded_waitsForEverythingInFlight_thenCheckpointsTheEnd() throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        receiver.faults(receiver.faults().withResponseDelay(Duration.ofMillis(300)));
        SplunkRecordProcessor processor = processor(receiver, 100);
        processor.processRecords(input(envelopes(1, 3)));

        processor.shardEnded(
                ShardEndedInput.builder().checkpointer(checkpointer.proxy()).build());

        assertThat(receiver.events())
                .as("delivered before the end was checkpointed")
                .hasSize(3);
        assertThat(checkpointer.last()).isEqualTo("SHARD_END");
        assertThat(stats.shard(SHARD).finished()).isTrue();
    }

    @Test
    void anEnvelopeWhoseTimeSplunkCannotHold_isDeadLetteredWithTheReason_andTheRestOfTheBatchDelivered()
            throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        SplunkRecordProcessor processor = processor(receiver, 100);
        // a valid ISO-8601 instant, but beyond the epoch milliseconds a long holds (HEC's "time")
        String farFuture = "{\"v\":1,\"eventId\":\"e-2\",\"eventName\":\"INSERT\",\"table\":\"Findings\","
                + "\"keys\":{\"pk\":\"F-2\"},\"newImage\":{\"pk\":\"F-2\"},\"sequenceNumber\":\"92\","
                + "\"approximateCreationTime\":\"+300000000-01-01T00:00:00Z\"}";
        List<KinesisClientRecord> records = new ArrayList<>();
        records.add(envelope(1));
        records.add(record(2, farFuture.getBytes(StandardCharsets.UTF_8)));
        records.add(envelope(3));

        processor.processRecords(input(records));
        eventually(() -> stats.delivered() == 2 && stats.deadLettered() == 1);
        processor.processRecords(input(List.of()));

        assertThat(checkpointer.last()).isEqualTo("3.0");
        assertThat(receiver.events())
                .extracting(event -> event.path("fields").path("eventId").asText())
                .doesNotContain("e-2")
                .hasSize(2);
        List<DeadLetter> letters = DeadLetters.parse(store.get(store.list("dl/").get(0)));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.MAP);
            assertThat(letter.position()).isEqualTo(SequencePosition.of("2", 0));
            assertThat(letter.reason()).contains("HEC event").contains("long overflow");
            assertThat(new String(letter.data(), StandardCharsets.UTF_8)).isEqualTo(farFuture);
        });
    }

    @Test
    void anUnexpectedFailureMidBatch_keepsTheRestForTheNextCall_andNeverCheckpointsPastIt() throws Exception {
        HecReceiver receiver =
                receiver(HecReceiverConfig.builder().token(TOKEN, false).build());
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(1);
        // a fault outside the record (here: the selector), once, at record 2
        RecordSelector failingOnce = (shard, position, arrival) -> {
            if (position.sequenceText().equals("2") && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("lease table unreachable");
            }
            return RecordSelector.Decision.SEND;
        };
        SplunkRecordProcessor processor = processor(receiver, 100, failingOnce);

        processor.processRecords(input(envelopes(1, 3)));
        eventually(() -> stats.delivered() == 1);
        processor.processRecords(input(envelopes(4, 5)));
        eventually(() -> stats.delivered() == 5);
        processor.processRecords(input(List.of()));

        assertThat(receiver.events())
                .extracting(event -> event.path("event").path("keys").path("pk").asText())
                .containsExactlyInAnyOrder("f1", "f2", "f3", "f4", "f5");
        assertThat(checkpointer.checkpoints)
                .as("never past record 2 before it was delivered")
                .allSatisfy(position -> assertThat(position).isIn("1.0", "5.0"));
        assertThat(checkpointer.last()).isEqualTo("5.0");
        assertThat(lines)
                .anyMatch(line ->
                        line.contains("\"process_records_failed\"") && line.contains("lease table unreachable"));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
