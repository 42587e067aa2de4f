package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.ObjectReport;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.KeyAttribute;
import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.ingest.snapshot.DynamoScopeHeads;
import io.scanpipeline.ingest.snapshot.DynamoScopeIndex;
import io.scanpipeline.ingest.snapshot.ScopeRetirement;
import io.scanpipeline.ingest.snapshot.SnapshotScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Figure 9: retiring a snapshot scope (issue 13). 9m/9k: a scope of 1,000,000 and of 100,000 items retired by
 * {@link RetirementProbe} in a fresh child JVM with a 64 MiB heap, over a synthetic index (no DynamoDB latency):
 * the peak heap after GC must not grow with the scope (ratio R9 near 1), and the time says what the paging and
 * conditional deletes cost in the ingest itself. 9d: a smaller real run, the same code against dynalite with the
 * table's sparse scope index ({@link DynamoScopeIndex}), in items retired per second. 9w/9b: what the snapshot
 * option costs the write path: the same file ingested into dynalite by a rule with {@code "snapshot": "object"}
 * (one conditional PutItem per item) and by the same rule without it (BatchWriteItem).
 */
final class RetirementFigure {

    static final String FLAGS = "-Xms64m -Xmx64m -Xmn16m -XX:+UseSerialGC -Xshare:auto";
    private static final int PAGE = 500;
    private static final int CONCURRENCY = 4;
    private static final String BUCKET = "bench-retirement";

    private final BenchContext ctx;

    RetirementFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        Samples bigHeap = new Samples();
        Samples smallHeap = new Samples();
        Samples bigSeconds = new Samples();
        Samples dynalite = new Samples();
        List<Double> loads = new ArrayList<>();
        JsonNode lastBig = null;
        int dynaliteItems = ctx.options().quick() ? 1_000 : 5_000;
        int writeRecords = ctx.options().quick() ? 2_000 : 10_000;
        Samples snapshotWrites = new Samples();
        Samples batchWrites = new Samples();
        Path file = ctx.workDir().resolve("retirement-writes.json");
        ScanFile.write(file, writeRecords);
        ctx.aws().createBucket(BUCKET, false);
        ctx.aws().s3().putObject(r -> r.bucket(BUCKET).key("scan.json"), file);
        Files.delete(file);
        for (int rep = 1; rep <= ctx.options().repetitions(); rep++) {
            loads.add(Machine.load1());
            lastBig = probe(1_000_000);
            JsonNode small = probe(100_000);
            bigHeap.add(mib(lastBig.path("peakAfterGcBytes").asLong()));
            smallHeap.add(mib(small.path("peakAfterGcBytes").asLong()));
            bigSeconds.add(lastBig.path("seconds").asDouble());
            dynalite.add(againstDynalite(rep, dynaliteItems));
            batchWrites.add(ingest(rep, false, writeRecords));
            snapshotWrites.add(ingest(rep, true, writeRecords));
            ctx.progress(
                    "retirement rep %d: 1M items %.1f s, peak %.1f MiB; 100k peak %.1f MiB; dynalite %.0f items/s",
                    rep,
                    lastBig.path("seconds").asDouble(),
                    bigHeap.values().get(rep - 1),
                    smallHeap.values().get(rep - 1),
                    dynalite.values().get(rep - 1));
        }
        Report report = ctx.report();
        String note = String.format(
                "child JVM %s; page %d keys, %d deletes in flight; last run: %,d retired, %,d "
                        + "condition failed, %,d pages, %d GCs",
                FLAGS,
                PAGE,
                CONCURRENCY,
                lastBig.path("retired").asLong(),
                lastBig.path("conditionFailed").asLong(),
                lastBig.path("pages").asLong(),
                lastBig.path("collections").asLong());
        Report.Figure big = report.figure(
                "9m", "peak heap after GC, retiring a scope of 1,000,000 items", "MiB", bigHeap, loads, note);
        Report.Figure small = report.figure(
                "9k", "peak heap after GC, retiring a scope of 100,000 items", "MiB", smallHeap, loads, null);
        report.figure(
                "9t",
                "time to retire 1,000,000 items (synthetic index, no DynamoDB latency)",
                "s",
                bigSeconds,
                loads,
                "the ingest's own cost per item; against DynamoDB each delete is one "
                        + "conditional DeleteItem (1 WCU), see 9d");
        report.figure(
                "9d",
                "retirement against dynalite, " + dynaliteItems + " items via the scope index",
                "items/s",
                dynalite,
                loads,
                "Query on the sparse GSI + conditional DeleteItem, " + CONCURRENCY
                        + " in flight; dynalite on this machine");
        report.ratio(
                "R9",
                "heap retiring 1,000,000 vs 100,000 items",
                big,
                small,
                "< 1.5",
                v -> v < 1.5,
                "bounded memory: one page of keys at a time, no key set");
        Report.Figure guarded = report.figure(
                "9w",
                "ingest with \"snapshot\": conditional PutItem per item, " + writeRecords + " records -> dynalite",
                "records/s",
                snapshotWrites,
                loads,
                null);
        Report.Figure batched = report.figure(
                "9b",
                "the same file and rule without \"snapshot\" (BatchWriteItem)",
                "records/s",
                batchWrites,
                loads,
                null);
        report.ratio(
                "R9w",
                "ingest with snapshot / without",
                guarded,
                batched,
                null,
                null,
                "the price of the per-item guard against older scans; same write units on DynamoDB, 25x requests");
    }

    private JsonNode probe(int items) throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(
                List.of(FLAGS.split(" ")),
                ChildJvm.ownClassPath(),
                RetirementProbe.class.getName(),
                List.of(Integer.toString(items), Integer.toString(PAGE), Integer.toString(CONCURRENCY)),
                Map.of(),
                line -> line.startsWith("RESULT "),
                1800);
        JsonNode result = Json.mapper().readTree(outcome.marked().substring("RESULT ".length()));
        long expected = items - items / 1000;
        IngestFigures.check(result.path("retired").asLong(), expected, "retirement probe " + items);
        return result;
    }

    /** Writes {@code items} of one scope into a fresh dynalite table with the scope index; returns items/s retired. */
    private double againstDynalite(int rep, int items) throws Exception {
        String table = "bench-retire-" + rep;
        ctx.aws()
                .createTable(
                        table,
                        "pk",
                        null,
                        false,
                        SnapshotScope.INDEX,
                        SnapshotScope.SCOPE_ATTRIBUTE,
                        SnapshotScope.SCAN_ATTRIBUTE);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            String pk = "img#CVE-" + i;
            batch.add(WriteRequest.builder()
                    .putRequest(p -> p.item(Map.of(
                            "pk",
                            AttributeValue.fromS(pk),
                            SnapshotScope.SCOPE_ATTRIBUTE,
                            AttributeValue.fromS("rule:trivy/|img"),
                            SnapshotScope.SCAN_ATTRIBUTE,
                            AttributeValue.fromS("000000000001000|trivy/a.json|v1"))))
                    .build());
            if (batch.size() == 25 || i == items - 1) {
                List<WriteRequest> pending = List.copyOf(batch);
                while (!pending.isEmpty()) {
                    List<WriteRequest> send = pending;
                    pending = ctx.aws()
                            .dynamoDb()
                            .batchWriteItem(r -> r.requestItems(Map.of(table, send)))
                            .unprocessedItems()
                            .getOrDefault(table, List.of());
                }
                batch.clear();
            }
        }
        TableTarget target = new TableTarget(table, new KeyAttribute("pk", ScalarAttributeType.S), Optional.empty());
        long start = System.nanoTime();
        ScopeRetirement.Result result;
        try (ScopeRetirement retirement =
                new ScopeRetirement(new DynamoScopeIndex(ctx.aws().dynamoDb(), target), PAGE, CONCURRENCY)) {
            result = retirement.retire("rule:trivy/|img", "000000000002000|trivy/b.json|v1", () -> false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        IngestFigures.check(result.retired(), items, "retirement against dynalite");
        ctx.aws().dynamoDb().deleteTable(r -> r.tableName(table));
        return items / seconds;
    }

    private double ingest(int rep, boolean snapshot, int records) throws Exception {
        String table = "bench-writes-" + (snapshot ? "snapshot-" : "batch-") + rep;
        ctx.aws()
                .createTable(
                        table,
                        ScanFile.PARTITION_KEY,
                        null,
                        false,
                        SnapshotScope.INDEX,
                        SnapshotScope.SCOPE_ATTRIBUTE,
                        SnapshotScope.SCAN_ATTRIBUTE);
        IngestConfig config = IngestConfig.fromEnv(ScanFile.ingestEnv(table, CONCURRENCY));
        if (snapshot) {
            ctx.aws().createTable(table + "-scopes", DynamoScopeHeads.KEY, null, false);
            config = config.withRules(List.of(config.ruleFor("scan.json").withSnapshot(SnapshotScope.parse("object"))))
                    .withScopeTable(table + "-scopes");
        }
        IngestService service = new IngestService(
                config,
                ctx.aws().s3(),
                ctx.aws().dynamoDb(),
                new S3Quarantine(ctx.aws().s3(), Optional.empty(), config.quarantinePrefix()),
                StructuredLog.to("bench", line -> {}));
        BenchContext.settle();
        long start = System.nanoTime();
        ObjectReport report =
                service.ingest(new SourceObject(BUCKET, "scan.json", Optional.empty(), Optional.empty(), -1));
        double seconds = (System.nanoTime() - start) / 1e9;
        IngestFigures.check(report.itemsWritten(), records, "ingest " + table);
        ctx.aws().dynamoDb().deleteTable(r -> r.tableName(table));
        return records / seconds;
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }
}
