package io.scanpipeline.bench;

import io.scanpipeline.local.LocalPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Figure 7, end-to-end latency from S3 PUT to HEC receipt, through the whole pipeline in this JVM on the local
 * emulators ({@link LocalPipeline}: S3 server ObjectCreated notification -> IngestHandler -> dynalite and its stream
 * -> local event-source mapping -> ForwarderHandler -> kinesis-mock -> KCL SinkApp -> HecReceiver).
 *
 * <p>Each object is a small Trivy report of {@value #RECORDS_PER_OBJECT} findings (about 12 KB, {@link ScanFile})
 * under {@code trivy/}, which config/pipeline.json routes to the Findings table; no two objects share a record, so
 * each one makes {@value #RECORDS_PER_OBJECT} new items and as many INSERT events. An object's latency runs from
 * just before its PutObject call to the receiver's {@code receivedAt} of its last event (from then on all of its
 * items are in Splunk); the latency to its first event is kept too. Objects are matched to events by the envelope's
 * {@code newImage._source.key} ({@link HecArrivals}).
 *
 * <p>One warm-up burst first: the KCL waits a random 1-30 s before it takes its first leases, and the JIT has to
 * see the path. Then each repetition runs, in this order:
 * <ol>
 *   <li>steady: {@code e2eSteadyObjects} objects open loop at 100 objects/minute (one every 600 ms on a fixed
 *       schedule, not waiting for the ones before) -> p50/p95/p99 over the objects;</li>
 *   <li>capacity: {@code e2eBurstObjects} objects put at once ({@value #PUT_THREADS} PUTs in flight); objects/s from
 *       the first PUT to the last receipt;</li>
 *   <li>at capacity: as many objects open loop at the rate just measured -> p50/p95/p99.</li>
 * </ol>
 * A figure's samples are the per-repetition values (percentiles over objects by nearest rank), so the table shows
 * their median over repetitions. The stage split ({@link StageTimes}) is read afterwards from the ingest log and
 * from the Kinesis stream, so measuring it costs the pipeline nothing. A phase whose objects do not all arrive fails
 * the figure with their names; no number is reported for it.
 */
final class EndToEndFigure {

    private static final String BUCKET = "bench-e2e";
    private static final String PREFIX = "trivy/bench-e2e/";
    private static final int RECORDS_PER_OBJECT = 10;
    private static final Duration STEADY_INTERVAL = Duration.ofMillis(600);
    private static final int WARM_UP_OBJECTS = 20;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(180);
    private static final int PUT_THREADS = 4;

    private final BenchContext ctx;
    private long nextRecord;
    private int nextObject;

    EndToEndFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    /** One phase's objects: when each was put and when its events arrived. */
    private record Phase(Map<String, Instant> putAt, Map<String, HecArrivals.Arrival> arrivals, Duration lateness) {

        Samples lastMillis() {
            Samples samples = new Samples();
            putAt.forEach(
                    (key, put) -> samples.add(millis(put, arrivals.get(key).last())));
            return samples;
        }

        Samples firstMillis() {
            Samples samples = new Samples();
            putAt.forEach(
                    (key, put) -> samples.add(millis(put, arrivals.get(key).first())));
            return samples;
        }

        /** Objects per second from the first PUT to the last receipt. */
        double objectsPerSecond() {
            Instant first = putAt.values().stream().min(Instant::compareTo).orElseThrow();
            Instant last = arrivals.values().stream()
                    .map(HecArrivals.Arrival::last)
                    .max(Instant::compareTo)
                    .orElseThrow();
            return putAt.size() / (millis(first, last) / 1000);
        }
    }

    /** Per stage, the per-repetition medians over objects; and the latency percentiles per repetition. */
    private static final class Series {
        final Map<Integer, Samples> percentiles = new LinkedHashMap<>();
        final Samples firstP50 = new Samples();
        final Samples ingest = new Samples();
        final Samples forward = new Samples();
        final Samples sink = new Samples();

        Series() {
            for (int p : new int[] {50, 95, 99}) {
                percentiles.put(p, new Samples());
            }
        }

        /** Adds one repetition's phase; returns what it measured, for the progress line. */
        String add(Phase phase, Map<String, Instant> ingested, Map<String, Instant> inKinesis) {
            Samples last = phase.lastMillis();
            percentiles.forEach((p, samples) -> samples.add(last.percentile(p)));
            firstP50.add(phase.firstMillis().median());
            Samples a = new Samples();
            Samples b = new Samples();
            Samples c = new Samples();
            phase.putAt().forEach((key, put) -> {
                if (!ingested.containsKey(key) || !inKinesis.containsKey(key)) {
                    throw new IllegalStateException("no stage times for " + key + " (ingest log line: "
                            + ingested.containsKey(key) + ", Kinesis record: " + inKinesis.containsKey(key) + ")");
                }
                a.add(millis(put, ingested.get(key)));
                b.add(millis(ingested.get(key), inKinesis.get(key)));
                c.add(millis(inKinesis.get(key), phase.arrivals().get(key).last()));
            });
            ingest.add(a.median());
            forward.add(b.median());
            sink.add(c.median());
            return String.format(
                    Locale.ROOT,
                    "last event p50 %s, p95 %s, p99 %s ms, first event p50 %s ms; %s",
                    Report.number(last.percentile(50)),
                    Report.number(last.percentile(95)),
                    Report.number(last.percentile(99)),
                    Report.number(phase.firstMillis().median()),
                    stages(a.median(), b.median(), c.median()));
        }

        /** The stage split, medians over repetitions. */
        String stagesText() {
            return stages(ingest.median(), forward.median(), sink.median());
        }

        private static String stages(double ingest, double forward, double sink) {
            return "stages (medians over objects): PUT -> ingested " + Report.number(ingest) + " ms, -> in Kinesis +"
                    + Report.number(forward) + " ms, -> HEC +" + Report.number(sink) + " ms";
        }
    }

    void run() throws Exception {
        BenchOptions options = ctx.options();
        Path dir = ctx.workDir().resolve("end-to-end");
        LocalPipeline.Options pipelineOptions = new LocalPipeline.Options(
                null, ctx.repoDir().resolve("config").resolve("pipeline.json"), BUCKET, dir.resolve("pipeline.log"));
        ctx.progress("e2e: starting the local pipeline (its own S3 server, dynalite, kinesis-mock, KCL, HEC) ...");
        try (LocalPipeline pipeline = LocalPipeline.start(pipelineOptions);
                ScheduledUploads uploads = new ScheduledUploads(pipeline.aws().s3(), BUCKET, PUT_THREADS)) {
            HecArrivals hec = new HecArrivals(pipeline.hecReceiver());
            StageTimes stages =
                    new StageTimes(pipelineOptions.logFile(), pipeline.aws().kinesisClient(), pipeline.changeStream());
            long start = System.nanoTime();
            Phase warmUp = phase(uploads, hec, "warm-up", WARM_UP_OBJECTS, Duration.ZERO, WARM_UP_TIMEOUT, null);
            ctx.progress(
                    "e2e warm-up: %d objects arrived %.0f s after the pipeline was up (the KCL takes its first "
                            + "leases after a random 1-30 s), last-event latency p50 %s ms",
                    WARM_UP_OBJECTS,
                    (System.nanoTime() - start) / 1e9,
                    Report.number(warmUp.lastMillis().median()));
            stages.inKinesis(Set.of()); // skip what is in the stream so far

            Series steady = new Series();
            Series atCapacity = new Series();
            Samples objectsPerMinute = new Samples();
            Samples eventsPerSecond = new Samples();
            Map<String, Samples> burstCpu = new HashMap<>();
            List<Double> loads = new ArrayList<>();
            Duration steadyLateness = Duration.ZERO;
            Duration capacityLateness = Duration.ZERO;
            for (int rep = 1; rep <= options.e2eRepetitions(); rep++) {
                loads.add(Machine.load1());
                Phase s = phase(
                        uploads,
                        hec,
                        "steady",
                        options.e2eSteadyObjects(),
                        STEADY_INTERVAL,
                        timeout(options.e2eSteadyObjects()),
                        null);
                String measured = steady.add(
                        s,
                        stages.ingested(s.putAt().keySet()),
                        stages.inKinesis(s.putAt().keySet()));
                steadyLateness = max(steadyLateness, s.lateness());
                ctx.progress(
                        "e2e rep %d steady: %d objects at 100/min, %s",
                        rep, s.putAt().size(), measured);

                Phase burst = phase(
                        uploads,
                        hec,
                        "burst",
                        options.e2eBurstObjects(),
                        Duration.ZERO,
                        timeout(options.e2eBurstObjects()),
                        burstCpu);
                stages.inKinesis(Set.of());
                double capacity = burst.objectsPerSecond();
                objectsPerMinute.add(capacity * 60);
                eventsPerSecond.add(capacity * RECORDS_PER_OBJECT);
                ctx.progress(
                        "e2e rep %d capacity: burst of %d objects delivered at %.1f objects/s (%,.0f events/s)",
                        rep, burst.putAt().size(), capacity, capacity * RECORDS_PER_OBJECT);

                Duration interval = Duration.ofNanos((long) (1e9 / capacity));
                Phase c = phase(
                        uploads,
                        hec,
                        "capacity",
                        options.e2eBurstObjects(),
                        interval,
                        timeout(options.e2eBurstObjects()),
                        null);
                measured = atCapacity.add(
                        c,
                        stages.ingested(c.putAt().keySet()),
                        stages.inKinesis(c.putAt().keySet()));
                capacityLateness = max(capacityLateness, c.lateness());
                ctx.progress(
                        "e2e rep %d at capacity: %d objects, one per %d ms, delivered at %.1f objects/s, %s",
                        rep, c.putAt().size(), interval.toMillis(), c.objectsPerSecond(), measured);
            }
            report(
                    pipeline,
                    steady,
                    atCapacity,
                    objectsPerMinute,
                    eventsPerSecond,
                    burstCpu,
                    loads,
                    steadyLateness,
                    capacityLateness);
        }
    }

    private void report(
            LocalPipeline pipeline,
            Series steady,
            Series atCapacity,
            Samples objectsPerMinute,
            Samples eventsPerSecond,
            Map<String, Samples> burstCpu,
            List<Double> loads,
            Duration steadyLateness,
            Duration capacityLateness) {
        BenchOptions options = ctx.options();
        Report report = ctx.report();
        String settings = pipeline.latencySettings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        String objects = RECORDS_PER_OBJECT + "-finding Trivy objects";
        report.figure(
                "7a50",
                "e2e latency S3 PUT -> HEC, 100 objects/min, p50",
                "ms",
                steady.percentiles.get(50),
                loads,
                options.e2eSteadyObjects() + " " + objects + " per repetition, open loop one per "
                        + STEADY_INTERVAL.toMillis() + " ms (schedule late by at most " + steadyLateness.toMillis()
                        + " ms); latency = just before PutObject -> HEC receivedAt of the object's last event; "
                        + "samples are per-repetition percentiles over objects; whole pipeline in this JVM on the "
                        + "local emulators after a warm-up of " + WARM_UP_OBJECTS + " objects. Settings: " + settings);
        report.figure(
                "7a95",
                "e2e latency S3 PUT -> HEC, 100 objects/min, p95",
                "ms",
                steady.percentiles.get(95),
                loads,
                null);
        int n = options.e2eSteadyObjects();
        report.figure(
                "7a99",
                "e2e latency S3 PUT -> HEC, 100 objects/min, p99",
                "ms",
                steady.percentiles.get(99),
                loads,
                "by nearest rank, p99 of " + n + " objects is " + slowest(n - (99 * n + 99) / 100 + 1)
                        + " of each repetition");
        report.figure(
                "7af",
                "e2e latency S3 PUT -> first event at HEC, 100 objects/min, p50",
                "ms",
                steady.firstP50,
                loads,
                null);
        report.figure(
                "7b50",
                "e2e latency S3 PUT -> HEC, open loop at capacity, p50",
                "ms",
                atCapacity.percentiles.get(50),
                loads,
                options.e2eBurstObjects() + " " + objects
                        + " per repetition, open loop at the rate the burst of 7c measured in the same repetition "
                        + "(schedule late by at most " + capacityLateness.toMillis() + " ms): the latency of a "
                        + "pipeline kept fully busy, not of a burst, whose last object would only show how long the "
                        + "queue was. At capacity queues grow with the run's length, so p95/p99 depend on its size. "
                        + atCapacity.stagesText());
        report.figure(
                "7b95",
                "e2e latency S3 PUT -> HEC, open loop at capacity, p95",
                "ms",
                atCapacity.percentiles.get(95),
                loads,
                null);
        report.figure(
                "7b99",
                "e2e latency S3 PUT -> HEC, open loop at capacity, p99",
                "ms",
                atCapacity.percentiles.get(99),
                loads,
                null);
        report.figure(
                "7bf",
                "e2e latency S3 PUT -> first event at HEC, at capacity, p50",
                "ms",
                atCapacity.firstP50,
                loads,
                null);
        report.figure(
                "7c",
                "e2e capacity: burst, first PUT -> last event at HEC",
                "obj/min",
                objectsPerMinute,
                loads,
                options.e2eBurstObjects() + " " + objects + " put at once, " + PUT_THREADS
                        + " PUTs in flight; the sustained throughput of the whole pipeline on this machine");
        report.figure(
                "7ce",
                "e2e capacity in events (" + RECORDS_PER_OBJECT + " per object)",
                "events/s",
                eventsPerSecond,
                loads,
                "CPU of the burst, first PUT to last receipt; jvm is this JVM: S3 server, "
                        + "DynamoDB proxy, ingest, forwarder, KCL worker, HEC receiver, JIT and GC",
                burstCpu);
        report.figure(
                "7d1",
                "e2e stage, 100/min: PUT -> items in DynamoDB (notify, ingest)",
                "ms",
                steady.ingest,
                loads,
                "medians over objects of the steady phase: ingest's object_processed log "
                        + "line, written once all items are written");
        report.figure(
                "7d2",
                "e2e stage, 100/min: DynamoDB -> Kinesis (mapping, forwarder)",
                "ms",
                steady.forward,
                loads,
                "to the approximateArrivalTimestamp of the object's last record in "
                        + "kinesis-mock (millisecond clock)");
        report.figure(
                "7d3", "e2e stage, 100/min: Kinesis -> HEC receipt (KCL poll, sink)", "ms", steady.sink, loads, null);
    }

    /**
     * Puts {@code count} new objects, one per {@code interval}, and waits until all of their events are in HEC.
     *
     * @param cpu where the CPU time per 1,000 events from the first PUT to the last arrival goes, or null
     */
    private Phase phase(
            ScheduledUploads uploads,
            HecArrivals hec,
            String name,
            int count,
            Duration interval,
            Duration timeout,
            Map<String, Samples> cpu)
            throws Exception {
        List<ScheduledUploads.Upload> objects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // each object is the scan of its own image: config/pipeline.json makes a Trivy file the snapshot of its
            // ArtifactName, and scans of one image replace each other (only the newest would reach Splunk)
            int n = nextObject++;
            objects.add(new ScheduledUploads.Upload(
                    PREFIX + name + "-" + n + ".json",
                    ScanFile.bytes(
                            nextRecord, RECORDS_PER_OBJECT, "registry.example.com/bench/e2e-" + name + ":" + n)));
            nextRecord += RECORDS_PER_OBJECT;
        }
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        ScheduledUploads.Sent sent = uploads.put(objects, interval);
        Map<String, HecArrivals.Arrival> arrivals;
        try {
            arrivals = hec.await(sent.putAt().keySet(), RECORDS_PER_OBJECT, timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("e2e " + name + " phase: " + e.getMessage(), e);
        }
        if (cpu != null) {
            CpuMeter.record(cpu, before, CpuMeter.read(), (long) count * RECORDS_PER_OBJECT);
        }
        hec.clear();
        return new Phase(sent.putAt(), arrivals, sent.maxLateness());
    }

    /** How long the last objects may take after the last PUT: generous, only a stuck pipeline reaches it. */
    private static Duration timeout(int objects) {
        return Duration.ofSeconds(60 + objects);
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** "the slowest", "the 2nd slowest", ... */
    private static String slowest(int k) {
        return "the " + (k == 1 ? "" : k == 2 ? "2nd " : k == 3 ? "3rd " : k + "th ") + "slowest";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
