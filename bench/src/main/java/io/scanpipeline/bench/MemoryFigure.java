package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.local.emulator.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Figure 4: the heap an ingest needs for a small and for a large file, each ingested by {@link MemoryProbe} in a
 * fresh child JVM with the same flags, reading from this JVM's S3 server and writing to {@link InstantDynamoDb}.
 * A streaming ingest needs the same heap for both, so the ratio large/small should be near 1.
 *
 * <p>JVM flags: {@value #FLAGS}. The young generation is fixed at 64 MB so that even the small file sees many
 * young collections: the largest heap occupancy after a collection is then a good measure of what the ingest keeps
 * alive; it is the headline value. The pools' peak sum is shown in the note: its young part is simply the size of
 * eden whenever the run allocates more than that, so it says little about retention.
 */
final class MemoryFigure {

    static final String FLAGS = "-Xms512m -Xmx512m -Xmn64m -XX:+UseSerialGC -Xshare:auto";
    private static final String BUCKET = "bench-memory";

    private final BenchContext ctx;

    MemoryFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        LocalAws aws = ctx.aws();
        aws.createBucket(BUCKET, false);
        ScanFile.Written small = upload("small.json", ctx.options().smallFileBytes());
        ScanFile.Written large = upload("large.json", ctx.options().largeFileBytes());

        Samples smallPeak = new Samples();
        Samples largePeak = new Samples();
        Samples largeRate = new Samples();
        Samples smallPools = new Samples();
        Samples largePools = new Samples();
        List<Double> loads = new ArrayList<>();
        JsonNode lastSmall = null;
        JsonNode lastLarge = null;
        // each run is a fresh JVM: there is nothing to warm up, so every repetition counts
        for (int rep = 1; rep <= ctx.options().repetitions(); rep++) {
            loads.add(Machine.load1());
            lastSmall = probe("small.json", small);
            lastLarge = probe("large.json", large);
            smallPeak.add(mib(lastSmall.path("peakAfterGcBytes").asLong()));
            largePeak.add(mib(lastLarge.path("peakAfterGcBytes").asLong()));
            largeRate.add(lastLarge.path("records").asLong()
                    / lastLarge.path("seconds").asDouble());
            smallPools.add(mib(lastSmall.path("poolPeakSumBytes").asLong()));
            largePools.add(mib(lastLarge.path("poolPeakSumBytes").asLong()));
            ctx.progress(
                    "memory rep %d: small %.1f MiB (%d GCs), large %.1f MiB (%d GCs, %.0f s)",
                    rep,
                    smallPeak.values().get(rep - 1),
                    lastSmall.path("collections").asLong(),
                    largePeak.values().get(rep - 1),
                    lastLarge.path("collections").asLong(),
                    lastLarge.path("seconds").asDouble());
        }
        Report report = ctx.report();
        Report.Figure fs = report.figure(
                "4s",
                "peak heap after GC, ingest of " + size(small) + " file",
                "MiB",
                smallPeak,
                loads,
                describe(lastSmall));
        Report.Figure fl = report.figure(
                "4l",
                "peak heap after GC, ingest of " + size(large) + " file",
                "MiB",
                largePeak,
                loads,
                describe(lastLarge));
        Report.Figure ps = report.figure(
                "4sp",
                "heap pools' peak sum (MemoryPoolMXBean), " + size(small) + " file",
                "MiB",
                smallPools,
                loads,
                "eden + survivor + tenured peaks; eden alone is about 51 MiB");
        Report.Figure pl = report.figure(
                "4lp",
                "heap pools' peak sum (MemoryPoolMXBean), " + size(large) + " file",
                "MiB",
                largePools,
                loads,
                null);
        report.figure(
                "4r",
                "same large-file runs: IngestService -> instant DynamoDB double",
                "records/s",
                largeRate,
                loads,
                "reader + item builder + writer lanes with no DynamoDB latency (S3 server "
                        + "over HTTP in the parent JVM)");
        report.ratio(
                "R4",
                "heap of large file vs small file",
                fl,
                fs,
                "< 1.5",
                v -> v < 1.5,
                "child JVMs: " + FLAGS + "; DynamoDB replaced by a double that accepts BatchWriteItem instantly");
        report.ratio(
                "R4p",
                "heap pools' peak sum, large vs small file",
                pl,
                ps,
                "< 1.5",
                v -> v < 1.5,
                "mostly the size of eden, which both runs fill: the after-GC figure above is the telling one");
    }

    private ScanFile.Written upload(String key, long bytes) throws Exception {
        Path file = ctx.workDir().resolve(key);
        ScanFile.Written written = ScanFile.writeAtLeast(file, bytes);
        ctx.aws().s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromFile(file));
        Files.delete(file);
        ctx.progress("memory: uploaded %s, %,d records, %,d bytes", key, written.records(), written.bytes());
        return written;
    }

    private JsonNode probe(String key, ScanFile.Written file) throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(
                List.of(FLAGS.split(" ")),
                ChildJvm.ownClassPath(),
                MemoryProbe.class.getName(),
                List.of(ctx.aws().s3Endpoint().toString(), BUCKET, key),
                Map.of(),
                line -> line.startsWith("RESULT "),
                1800);
        JsonNode result = Json.mapper().readTree(outcome.marked().substring("RESULT ".length()));
        IngestFigures.check(result.path("itemsWritten").asLong(), file.records(), "memory probe " + key);
        return result;
    }

    private static String describe(JsonNode result) {
        return String.format(
                "last run: %d collections (%d full), %.0f MiB heap, %,d records in %.1f s",
                result.path("collections").asLong(),
                result.path("fullCollections").asLong(),
                mib(result.path("maxHeapBytes").asLong()),
                result.path("records").asLong(),
                result.path("seconds").asDouble());
    }

    private static String size(ScanFile.Written file) {
        long bytes = file.bytes();
        return bytes >= 1L << 30
                ? String.format("%.2f GiB", bytes / (double) (1L << 30))
                : String.format("%.0f MiB", bytes / (double) (1 << 20));
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }
}
