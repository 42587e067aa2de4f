package io.scanpipeline.bench;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.ObjectReport;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Figures 1 to 3, measured in one interleaved loop so that their ratios share the machine's conditions:
 * <ol>
 *   <li>(1a) our ingest, {@code IngestService} reading from the S3 server and writing to DynamoDB (dynalite), and
 *       (1b) the textbook Lambda of {@link NaiveIngest}, on a prefix of the same file;</li>
 *   <li>(2c) the {@link BatchWriteCeiling} for the same items at the same concurrency;</li>
 *   <li>(3) the parse ceiling: {@code RecordReader} and {@code ItemBuilder} over the same file, from local disk,
 *       without writes.</li>
 * </ol>
 * All runs write to one table without a stream. The warm-up fills it with every item first, so each measured run
 * overwrites existing items (a re-ingest) and does the same work as the others; with a new table per run,
 * dynalite's memory and CPU per record grew from run to run even though the old tables were deleted. The table
 * has no stream because the local Streams proxy serialises the writes of a table with a stream and reads every
 * item before and after it: that would measure the proxy, not the ingest. Within a repetition 1a and 2c
 * alternate which goes first, so that a drift of the machine does not always favour the same one.
 */
final class IngestFigures {

    private static final String BUCKET = "bench-ingest";
    private static final String TABLE = "bench-ingest";
    private static final String KEY = "trivy/full.json";
    private static final String PREFIX_KEY = "trivy/prefix.json";
    private static final String NAIVE_WARM_UP_KEY = "trivy/naive-warm-up.json";
    private static final int NAIVE_WARM_UP_RECORDS = 500;
    private static final int WRITE_CONCURRENCY = 4;

    private final BenchContext ctx;
    private final LocalAws aws;

    IngestFigures(BenchContext ctx) {
        this.ctx = ctx;
        this.aws = ctx.aws();
    }

    void run() throws Exception {
        BenchOptions options = ctx.options();
        Path full = ctx.workDir().resolve("trivy-full.json");
        Path prefix = ctx.workDir().resolve("trivy-prefix.json");
        ScanFile.Written fullFile = ScanFile.write(full, options.ingestRecords());
        ScanFile.Written prefixFile = ScanFile.write(prefix, options.naiveRecords());
        Path naiveWarm = ctx.workDir().resolve("trivy-naive-warm-up.json");
        ScanFile.Written naiveWarmFile =
                ScanFile.write(naiveWarm, Math.min(options.naiveRecords(), NAIVE_WARM_UP_RECORDS));
        ctx.progress(
                "ingest: generated %,d records (%,d bytes, %.0f bytes/record) and a %,d-record prefix",
                fullFile.records(),
                fullFile.bytes(),
                (double) fullFile.bytes() / fullFile.records(),
                prefixFile.records());
        aws.createBucket(BUCKET, true);
        SourceObject object = upload(KEY, full, fullFile);
        upload(PREFIX_KEY, prefix, prefixFile);
        upload(NAIVE_WARM_UP_KEY, naiveWarm, naiveWarmFile);

        IngestRule rule = config(TABLE).ruleFor(KEY);
        List<List<WriteRequest>> batches = batches(PrebuiltItems.build(full, rule, object));

        Samples ingest = new Samples();
        Samples naive = new Samples();
        Samples ceiling = new Samples();
        Samples parseRecords = new Samples();
        Samples parseMegabytes = new Samples();
        List<Double> loads = new ArrayList<>();
        Map<String, Samples> ingestCpu = new HashMap<>();
        Map<String, Samples> naiveCpu = new HashMap<>();
        Map<String, Samples> ceilingCpu = new HashMap<>();
        Map<String, Samples> parseCpu = new HashMap<>();
        Map<String, Samples> ignored = new HashMap<>();
        // the warm-up runs everything once (JIT: a shorter one left compilation work in the first repetition)
        // and fills the table, see the class comment
        aws.createTable(TABLE, ScanFile.PARTITION_KEY, null, false);
        ctx.progress(
                "ingest warm-up: ingest %,.0f/s, ceiling %,.0f/s, naive %,.0f/s",
                ingest(object, fullFile.records(), ignored),
                ceiling(batches, fullFile.records(), ignored),
                naive(NAIVE_WARM_UP_KEY, naiveWarmFile.records(), ignored));
        for (int rep = 1; rep <= options.repetitions(); rep++) {
            double load = Machine.load1();
            double a;
            double c;
            if (rep % 2 == 1) {
                a = ingest(object, fullFile.records(), ingestCpu);
                c = ceiling(batches, fullFile.records(), ceilingCpu);
            } else {
                c = ceiling(batches, fullFile.records(), ceilingCpu);
                a = ingest(object, fullFile.records(), ingestCpu);
            }
            double b = naive(PREFIX_KEY, prefixFile.records(), naiveCpu);
            BenchContext.settle();
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            long parsed = PrebuiltItems.count(full, rule, object);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.record(parseCpu, before, CpuMeter.read(), parsed);
            check(parsed, fullFile.records(), "parse ceiling");
            ctx.progress(
                    "ingest rep %d: ingest %,.0f/s, ceiling %,.0f/s, naive %,.0f/s, parse %,.0f/s",
                    rep, a, c, b, parsed / seconds);
            ingest.add(a);
            ceiling.add(c);
            naive.add(b);
            parseRecords.add(parsed / seconds);
            parseMegabytes.add(fullFile.bytes() / seconds / (1 << 20));
            loads.add(load);
        }

        Report report = ctx.report();
        Report.Figure fa = report.figure(
                "1a",
                "ingest: IngestService, S3 server -> dynalite, " + count(fullFile),
                "records/s",
                ingest,
                loads,
                "WRITE_CONCURRENCY=" + WRITE_CONCURRENCY
                        + ", 8-field projection, versioned bucket, table without stream, overwriting",
                ingestCpu);
        Report.Figure fb = report.figure(
                "1b",
                "naive Lambda: getObjectAsBytes, readTree, PutItem; " + prefixFile.records() + "-rec. prefix",
                "records/s",
                naive,
                loads,
                "measured on the first "
                        + prefixFile.records()
                        + " records of the same generator (its rate is per record; the full file "
                        + "would take " + Report.number(fullFile.records() / naive.median()) + " s per repetition)",
                naiveCpu);
        Report.Figure fc = report.figure(
                "2c",
                "ceiling: prebuilt items, BatchWriteItem only, " + count(fullFile),
                "records/s",
                ceiling,
                loads,
                "the very items 1a writes, " + "25 per call, " + WRITE_CONCURRENCY + " threads, no parsing",
                ceilingCpu);
        report.figure(
                "3",
                "parse ceiling: RecordReader + ItemBuilder, local file, no writes",
                "records/s",
                parseRecords,
                loads,
                null,
                parseCpu);
        report.figure(
                "3mb",
                "parse ceiling, same runs",
                "MiB/s",
                parseMegabytes,
                loads,
                Report.number(fullFile.bytes() / (double) (1 << 20)) + " MiB file");
        report.ratio("R1", "ingest vs naive Lambda, records/s", fa, fb, ">= 10", v -> v >= 10, null);
        report.ratio("R2", "ingest vs its BatchWriteItem ceiling, records/s", fa, fc, ">= 0.8", v -> v >= 0.8, null);
        Files.deleteIfExists(full);
        Files.deleteIfExists(prefix);
        Files.deleteIfExists(naiveWarm);
    }

    private SourceObject upload(String key, Path file, ScanFile.Written written) {
        String version = aws.s3()
                .putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromFile(file))
                .versionId();
        return new SourceObject(BUCKET, key, Optional.ofNullable(version), Optional.empty(), written.bytes());
    }

    private static List<List<WriteRequest>> batches(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> requests = new ArrayList<>(items.size());
        items.forEach(item -> requests.add(WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build())
                .build()));
        return BatchWriteCeiling.batches(requests, 25);
    }

    private double ingest(SourceObject object, long expected, Map<String, Samples> cpu) throws Exception {
        StructuredLog quiet = StructuredLog.to("bench", line -> {});
        IngestConfig config = config(TABLE);
        IngestService service = new IngestService(
                config,
                aws.s3(),
                aws.dynamoDb(),
                new S3Quarantine(aws.s3(), Optional.empty(), config.quarantinePrefix()),
                quiet);
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        ObjectReport report = service.ingest(object);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        check(report.itemsWritten(), expected, "IngestService (" + report + ")");
        return expected / seconds;
    }

    private double ceiling(List<List<WriteRequest>> batches, long expected, Map<String, Samples> cpu)
            throws InterruptedException {
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        long written = BatchWriteCeiling.write(aws.dynamoDb(), TABLE, batches, WRITE_CONCURRENCY);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        check(written, expected, "BatchWriteItem ceiling");
        return expected / seconds;
    }

    private double naive(String key, long expected, Map<String, Samples> cpu) throws Exception {
        NaiveIngest lambda = new NaiveIngest(aws.s3(), aws.dynamoDb());
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        long written = lambda.ingest(BUCKET, key, TABLE);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        check(written, expected, "naive Lambda");
        return expected / seconds;
    }

    private static IngestConfig config(String table) {
        return IngestConfig.fromEnv(ScanFile.ingestEnv(table, WRITE_CONCURRENCY));
    }

    private static String count(ScanFile.Written file) {
        return file.records() / 1000 + "k rec. " + Report.number(file.bytes() / (double) (1 << 20)) + " MiB";
    }

    static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": expected " + expected + " items, got " + actual);
        }
    }
}
