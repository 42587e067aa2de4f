package io.scanpipeline.bench;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.S3RejectStore;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.LocalSinkEnv;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.kcl.DeliveryHealth;
import io.scanpipeline.sink.kcl.HecEventMapper;
import io.scanpipeline.sink.kcl.ProcessorContext;
import io.scanpipeline.sink.kcl.RecordSelector;
import io.scanpipeline.sink.kcl.SinkStats;
import io.scanpipeline.sink.kcl.SplunkRecordProcessor;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Figure 6p, the sink's own code at full speed: the KCL record processor ({@code SplunkRecordProcessor}: decode each
 * envelope, map it to a HEC event, batch, track sequence numbers, checkpoint the confirmed run) with the real
 * {@code HecClient} to the local {@code HecReceiver}, fed the records KCL would hand it — already in memory, so the
 * Kinesis emulator's GetRecords (about 1,000-1,500 records/s here, figure 6g) does not bound it. Two shards, one
 * thread each, as KCL runs one processor per shard; {@code POLLING_MAX_RECORDS} records per call, the sink's
 * defaults otherwise (per-shard in-flight bound, HEC batch size and in-flight bound). Compared with raw HEC POSTs of
 * the same events (6r): what the whole sink-side pipeline costs on top of the HTTP requests.
 */
final class SinkProcessorFigure {

    private static final String TOKEN = "11111111-2222-4333-8444-555555555555";
    private static final String ACK_TOKEN = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    private static final String BUCKET = "bench-sink-dead-letters";
    private static final int SHARDS = 2;

    private final BenchContext ctx;

    SinkProcessorFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        int count = ctx.options().hecEvents() / 3;
        List<List<KinesisClientRecord>> shards = shards(Envelopes.generate(ctx, count));
        ctx.aws().createBucket(BUCKET, false);
        HecReceiverConfig receiverConfig = HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .keepEventsInMemory(false)
                .build();
        Samples noAck = new Samples();
        Samples withAck = new Samples();
        List<Double> loads = new ArrayList<>();
        Map<String, Samples> noAckCpu = new HashMap<>();
        Map<String, Samples> withAckCpu = new HashMap<>();
        int batchSize;
        try (HecReceiver receiver = HecReceiver.start(receiverConfig)) {
            batchSize = config(receiver, false).kcl().pollingMaxRecords();
            for (int rep = 0; rep <= ctx.options().repetitions(); rep++) {
                boolean warmUp = rep == 0;
                double load = Machine.load1();
                Map<String, Samples> ignored = new HashMap<>();
                double p = process(config(receiver, false), shards, count, warmUp ? ignored : noAckCpu);
                double q = process(config(receiver, true), shards, count, warmUp ? ignored : withAckCpu);
                ctx.progress(
                        "sink processor %s: acks off %,.0f/s, acks on %,.0f/s",
                        warmUp ? "warm-up" : "rep " + rep, p, q);
                if (!warmUp) {
                    noAck.add(p);
                    withAck.add(q);
                    loads.add(load);
                }
            }
        }
        Report report = ctx.report();
        String note = SHARDS + " shards, " + batchSize + " records per processRecords call, sink defaults otherwise; "
                + "timed from the first call to the last event confirmed";
        Report.Figure fp = report.figure(
                "6p",
                "sink: SplunkRecordProcessor -> HecClient -> HecReceiver, acks off, " + count + " records",
                "events/s",
                noAck,
                loads,
                note,
                noAckCpu);
        Report.Figure fq = report.figure(
                "6q",
                "sink: SplunkRecordProcessor -> HecClient -> HecReceiver, acks on, " + "poll 100ms",
                "events/s",
                withAck,
                loads,
                "as 6p; an event counts once its ackId is reported true",
                withAckCpu);
        Report.Figure fr = report.find("6r");
        if (fr != null) {
            report.ratio(
                    "R6p",
                    "sink record processor (acks off) vs raw HEC POSTs, events/s",
                    fp,
                    fr,
                    ">= 0.8",
                    v -> v >= 0.8,
                    "decoding the envelopes and building the events is the sink's own work");
            report.ratio(
                    "R6q",
                    "sink record processor (acks on) vs raw HEC POSTs, events/s",
                    fq,
                    fr,
                    ">= 0.8",
                    v -> v >= 0.8,
                    null);
        }
    }

    /** The records of each shard, as KCL hands them over: sequence numbers, partition keys, the envelope bytes. */
    private static List<List<KinesisClientRecord>> shards(List<ChangeEnvelope> envelopes) {
        List<List<KinesisClientRecord>> shards = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            shards.add(new ArrayList<>());
        }
        long sequence = 49_000_000_000_000_000L;
        Instant arrival = Instant.parse("2025-06-01T08:00:01Z");
        for (ChangeEnvelope envelope : envelopes) {
            int shard = Math.floorMod(envelope.partitionKey().hashCode(), SHARDS);
            shards.get(shard)
                    .add(KinesisClientRecord.builder()
                            .sequenceNumber(Long.toString(sequence++))
                            .subSequenceNumber(0)
                            .partitionKey(envelope.partitionKey())
                            .approximateArrivalTimestamp(arrival)
                            .data(ByteBuffer.wrap(ChangeEnvelopeCodec.toBytes(envelope)))
                            .build());
        }
        return shards;
    }

    private double process(
            SinkConfig config, List<List<KinesisClientRecord>> shards, long expected, Map<String, Samples> cpu)
            throws Exception {
        StructuredLog log = StructuredLog.to("bench", line -> {});
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        ExecutorService shardThreads = Executors.newFixedThreadPool(SHARDS);
        AtomicLong checkpoints = new AtomicLong();
        RecordProcessorCheckpointer checkpointer = checkpointer(checkpoints);
        try (HecClient hec = HecClient.create(config.hec(), log);
                DeadLetters deadLetters = DeadLetters.create(
                        new S3RejectStore(ctx.aws().s3(), BUCKET), "dl/", config.applicationName(), log)) {
            SinkStats stats = new SinkStats();
            SinkConfig.Delivery delivery = config.delivery();
            ProcessorContext context = new ProcessorContext(
                    hec,
                    deadLetters,
                    new HecEventMapper(config.hec().sourcetype()),
                    RecordSelector.ALL,
                    stats,
                    new DeliveryHealth(log, delivery.authAlarmInterval(), Clock.systemUTC()),
                    timer,
                    delivery.maxInFlightEvents(),
                    delivery.checkpointInterval(),
                    delivery.redeliveryInterval(),
                    delivery.drainTimeout(),
                    Clock.systemUTC(),
                    log);
            int batchSize = config.kcl().pollingMaxRecords();
            BenchContext.settle();
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < shards.size(); s++) {
                List<KinesisClientRecord> records = shards.get(s);
                String shardId = String.format("shardId-%012d", s);
                done.add(shardThreads.submit(() -> {
                    SplunkRecordProcessor processor = new SplunkRecordProcessor(context);
                    processor.initialize(
                            InitializationInput.builder().shardId(shardId).build());
                    for (int from = 0; from < records.size(); from += batchSize) {
                        processor.processRecords(ProcessRecordsInput.builder()
                                .records(records.subList(from, Math.min(records.size(), from + batchSize)))
                                .checkpointer(checkpointer)
                                .millisBehindLatest(0L)
                                .build());
                    }
                    return null;
                }));
            }
            for (Future<?> shard : done) {
                shard.get();
            }
            long deadline = start + 300_000_000_000L;
            while (stats.delivered() + stats.deadLettered() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("record processor delivered " + stats.delivered() + " of "
                            + expected + " events within 300 s");
                }
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.record(cpu, before, CpuMeter.read(), expected);
            IngestFigures.check(stats.delivered(), expected, "SplunkRecordProcessor (delivered)");
            return expected / seconds;
        } finally {
            shardThreads.shutdownNow();
            timer.shutdownNow();
        }
    }

    /** KCL's checkpointer interface, of which the processor calls {@code checkpoint(seq, subSeq)}: counted only. */
    private static RecordProcessorCheckpointer checkpointer(AtomicLong checkpoints) {
        return (RecordProcessorCheckpointer) Proxy.newProxyInstance(
                SinkProcessorFigure.class.getClassLoader(),
                new Class<?>[] {RecordProcessorCheckpointer.class},
                (self, method, args) -> {
                    if (method.getName().equals("checkpoint")) {
                        checkpoints.incrementAndGet();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }

    private SinkConfig config(HecReceiver receiver, boolean ack) {
        Map<String, String> env = LocalSinkEnv.of(
                ctx.aws(),
                "bench-sink",
                "bench-sink-processor",
                BUCKET,
                receiver.endpoint(),
                ack ? ACK_TOKEN : TOKEN,
                ack);
        env.put("HEC_ACK_POLL_INTERVAL", "PT0.1S");
        return SinkConfig.fromEnv(env);
    }
}
