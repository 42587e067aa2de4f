package io.scanpipeline.bench;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.LocalSinkEnv;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.KclLogging;
import io.scanpipeline.sink.SinkApp;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.kcl.RecordSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Figure 6k, the whole sink: change envelopes waiting in a Kinesis stream (kinesis-mock, 2 shards) read by the KCL 3
 * {@code SinkApp} and delivered through {@code HecClient} to the local {@code HecReceiver}, acks off and on, in
 * events/s; against raw HEC POSTs of the same events (figure 6r) and against how fast the emulator hands the same
 * records out to plain {@code GetRecords} calls (6g, the read ceiling).
 *
 * <p>The stream is filled once (not timed). Each run is a new KCL application (its own lease table) reading the
 * stream from {@code TRIM_HORIZON}, with the sink's defaults except for what a local run needs ({@code LocalSinkEnv}:
 * endpoints, lease table created up front, short lease timers, 1,000 records per GetRecords; HEC ack poll
 * {@value #ACK_POLL} as in 6b). The stream holds fewer records than the other sink figures send: kinesis-mock's cost
 * per record put and read grows with what the stream holds (20,000 took two minutes to put). The clock starts when the
 * worker starts its first shard processor (KCL starts fetching that shard's records then) — KCL waits a random
 * 1-30 s before it takes its first leases, which is start-up, not throughput — and stops when the sink has counted
 * every event as confirmed by the receiver. On this emulator the figure is bound by kinesis-mock's GetRecords
 * (about 1 ms of its CPU per record), so the sink's own speed is figure 6p.
 */
final class KclSinkFigure {

    private static final String STREAM = "bench-sink";
    private static final String BUCKET = "bench-sink-dead-letters";
    private static final String TOKEN = "11111111-2222-4333-8444-555555555555";
    private static final String ACK_TOKEN = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    private static final String ACK_POLL = "PT0.1S";

    private final BenchContext ctx;

    KclSinkFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        LocalAws aws = ctx.aws();
        int count = ctx.options().kclEvents();
        List<ChangeEnvelope> envelopes = Envelopes.generate(ctx, count);
        KinesisClient kinesis = aws.kinesisClient();
        ForwarderFigure.newStream(kinesis, STREAM);
        fill(kinesis, envelopes);
        aws.createBucket(BUCKET, false);
        // the sink's SDK clients take their credentials from the default chain; the emulators accept any
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        KclLogging.install("SEVERE");

        HecReceiverConfig receiverConfig = HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .keepEventsInMemory(false)
                .build();
        Samples read = new Samples();
        Samples noAck = new Samples();
        Samples withAck = new Samples();
        List<Double> loads = new ArrayList<>();
        Map<String, Samples> readCpu = new HashMap<>();
        Map<String, Samples> noAckCpu = new HashMap<>();
        Map<String, Samples> withAckCpu = new HashMap<>();
        // every run waits for KCL's first lease (1-30 s), so fewer repetitions than elsewhere
        int repetitions = Math.min(ctx.options().repetitions(), ctx.options().quick() ? 1 : 3);
        try (HecReceiver receiver = HecReceiver.start(receiverConfig)) {
            for (int rep = 0; rep <= repetitions; rep++) {
                boolean warmUp = rep == 0;
                double load = Machine.load1();
                Map<String, Samples> ignored = new HashMap<>();
                double g = readAll(kinesis, count, warmUp ? ignored : readCpu);
                double k = consume(
                        aws, receiver, "bench-sink-" + rep + "-plain", false, count, warmUp ? ignored : noAckCpu);
                double l = warmUp ? 0 : consume(aws, receiver, "bench-sink-" + rep + "-ack", true, count, withAckCpu);
                ctx.progress(
                        "kcl sink %s: GetRecords %,.0f/s, SinkApp acks off %,.0f/s%s",
                        warmUp ? "warm-up" : "rep " + rep, g, k, warmUp ? "" : String.format(", acks on %,.0f/s", l));
                if (!warmUp) {
                    read.add(g);
                    noAck.add(k);
                    withAck.add(l);
                    loads.add(load);
                }
            }
        }
        Report report = ctx.report();
        String settings =
                "KCL polling, POLLING_MAX_RECORDS 1000 (kinesis-mock), defaults POLLING_IDLE_TIME/MAX_IN_FLIGHT_EVENTS and HEC "
                        + "batching; a new application per run from TRIM_HORIZON; timed from the first shard processor "
                        + "started to the last event confirmed";
        Report.Figure fk = report.figure(
                "6k",
                "sink: kinesis-mock -> KCL SinkApp -> HecReceiver, acks off, " + count + " events",
                "events/s",
                noAck,
                loads,
                settings,
                noAckCpu);
        Report.Figure fl = report.figure(
                "6l",
                "sink: kinesis-mock -> KCL SinkApp -> HecReceiver, acks on, poll " + "100ms",
                "events/s",
                withAck,
                loads,
                "as 6k; an event counts once its ackId is reported true",
                withAckCpu);
        Report.Figure fg = report.figure(
                "6g",
                "read ceiling: plain GetRecords of the same stream, shards in " + "parallel",
                "records/s",
                read,
                loads,
                "up to 10,000 records per call, no pause, records not " + "decoded",
                readCpu);
        Report.Figure fr = report.find("6r");
        if (fr != null) {
            report.ratio("R6k", "KCL sink (acks off) vs raw HEC POSTs, events/s", fk, fr, null, null, null);
            report.ratio("R6l", "KCL sink (acks on) vs raw HEC POSTs, events/s", fl, fr, null, null, null);
        }
        report.ratio(
                "R6g",
                "KCL sink (acks off) vs plain GetRecords, events/s",
                fk,
                fg,
                null,
                null,
                "how much of what the emulator can hand out the sink ships");
    }

    /** Puts the envelopes, 500 per call, resending entries the emulator refused ({@link ForwarderFigure#putAll}). */
    private void fill(KinesisClient kinesis, List<ChangeEnvelope> envelopes) {
        long start = System.nanoTime();
        for (int from = 0; from < envelopes.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (ChangeEnvelope envelope : envelopes.subList(from, Math.min(envelopes.size(), from + 500))) {
                batch.add(PutRecordsRequestEntry.builder()
                        .partitionKey(envelope.partitionKey())
                        .data(SdkBytes.fromByteArray(ChangeEnvelopeCodec.toBytes(envelope)))
                        .build());
            }
            ForwarderFigure.putAll(kinesis, STREAM, batch);
        }
        ctx.progress(
                "kcl sink: %,d envelopes put into %s in %.1f s",
                envelopes.size(), STREAM, (System.nanoTime() - start) / 1e9);
    }

    /** Reads every shard from TRIM_HORIZON to its end with plain GetRecords, shards in parallel. */
    private static double readAll(KinesisClient kinesis, long expected, Map<String, Samples> cpu) throws Exception {
        List<Shard> shards = kinesis.listShards(r -> r.streamName(STREAM)).shards();
        ExecutorService pool = Executors.newFixedThreadPool(shards.size());
        try {
            BenchContext.settle();
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            List<Future<Long>> counts = new ArrayList<>();
            for (Shard shard : shards) {
                counts.add(pool.submit(() -> readShard(kinesis, shard.shardId())));
            }
            long records = 0;
            for (Future<Long> shardCount : counts) {
                records += shardCount.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.record(cpu, before, CpuMeter.read(), expected);
            IngestFigures.check(records, expected, "GetRecords");
            return expected / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long readShard(KinesisClient kinesis, String shardId) {
        String iterator = kinesis.getShardIterator(
                        r -> r.streamName(STREAM).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        long records = 0;
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page =
                    kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
            records += page.records().size();
            if (page.records().isEmpty() && Long.valueOf(0).equals(page.millisBehindLatest())) {
                break;
            }
            iterator = page.nextShardIterator();
        }
        return records;
    }

    /** Runs a new sink application over the whole stream; events/s from its first read to the last confirmation. */
    private double consume(
            LocalAws aws,
            HecReceiver receiver,
            String application,
            boolean ack,
            long expected,
            Map<String, Samples> cpu)
            throws Exception {
        SinkConfig config = SinkConfig.fromEnv(env(aws, receiver, application, ack));
        BenchContext.settle();
        SinkClients clients = SinkClients.create(config.aws(), config.kcl().retrievalMode());
        SinkApp sink = SinkApp.start(config, clients, RecordSelector.ALL, StructuredLog.to("bench", line -> {}));
        try {
            // KCL starts fetching a shard's records as it initializes the shard's processor: the clock starts there
            List<String> shardIds = aws.kinesisClient().listShards(r -> r.streamName(STREAM)).shards().stream()
                    .map(Shard::shardId)
                    .toList();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (shardIds.stream().noneMatch(id -> sink.stats().shard(id).started())) {
                awaitBefore(deadline, application + " took no lease within 120 s");
            }
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            deadline = start + 300_000_000_000L;
            while (sink.stats().delivered() + sink.stats().deadLettered() < expected) {
                awaitBefore(
                        deadline,
                        application + " delivered " + sink.stats().delivered() + " of " + expected
                                + " events within 300 s");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.record(cpu, before, CpuMeter.read(), expected);
            IngestFigures.check(sink.stats().delivered(), expected, application + " (delivered)");
            return expected / seconds;
        } finally {
            sink.close();
            clients.close();
        }
    }

    private static void awaitBefore(long deadline, String failure) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure);
        }
        Thread.sleep(2);
    }

    private static Map<String, String> env(LocalAws aws, HecReceiver receiver, String application, boolean ack) {
        Map<String, String> env =
                LocalSinkEnv.of(aws, STREAM, application, BUCKET, receiver.endpoint(), ack ? ACK_TOKEN : TOKEN, ack);
        env.put("HEC_ACK_POLL_INTERVAL", ACK_POLL);
        return env;
    }
}
