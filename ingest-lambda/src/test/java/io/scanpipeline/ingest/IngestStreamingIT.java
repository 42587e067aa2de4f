package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Streaming proof: a generated 200 MB file is ingested by a JVM whose heap is 256 MB (failsafe runs this class in
 * its own execution with -Xmx256m; the S3 server in the same JVM keeps objects on disk). Each record carries a 4 KB
 * description that the projection drops, as real scan exports do. Nothing here measures time.
 */
class IngestStreamingIT {

    private static final int RECORDS = 50_000;
    private static final long TARGET_BYTES = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void twoHundredMegabyteFile_isIngestedWithA256MegabyteHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap).as("this test must run with -Xmx256m").isLessThanOrEqualTo(300L * 1024 * 1024);

        Path file = dir.resolve("big.json");
        generate(file);
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(TARGET_BYTES);

        LocalAws aws = LocalAws.shared();
        String bucket = "big-" + UUID.randomUUID().toString().substring(0, 8);
        String table = "Big" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        aws.createTable(table, "emp_id", null, false);
        IngestConfig config = IngestConfig.fromEnv(
                Map.of("TABLE_NAME", table, "PROJECTION", "emp_id,name,seq", "WRITE_CONCURRENCY", "8"));
        StructuredLog log = StructuredLog.forClass(IngestStreamingIT.class);
        IngestHandler handler = new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);

        String event = aws.putAndCaptureEvent(bucket, "exports/big.json", RequestBody.fromFile(file));
        Files.delete(file);
        resetPeaks();
        Map<String, Object> result = handler.handleRequest(LambdaEvents.s3Event(event), null);

        assertThat(result.get("recordsRead")).isEqualTo((long) RECORDS);
        assertThat(result.get("itemsWritten")).isEqualTo((long) RECORDS);
        assertThat(result.get("quarantined")).isEqualTo(0L);
        int count = aws.dynamoDb()
                .scan(r -> r.tableName(table).select(Select.COUNT))
                .count();
        int total = count;
        var page = aws.dynamoDb().scan(r -> r.tableName(table).select(Select.COUNT));
        while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            var start = page.lastEvaluatedKey();
            page = aws.dynamoDb()
                    .scan(r -> r.tableName(table).select(Select.COUNT).exclusiveStartKey(start));
            total += page.count();
        }
        assertThat(total).isEqualTo(RECORDS);
        System.out.printf(
                "streaming proof: %d MB file, max heap %d MB, peak heap used %d MB%n",
                TARGET_BYTES >> 20, maxHeap >> 20, peakHeapUsed() >> 20);
    }

    private static void generate(Path file) throws IOException {
        String filler = "x".repeat((int) (TARGET_BYTES / RECORDS) - 60);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write('[');
            for (int i = 0; i < RECORDS; i++) {
                if (i > 0) {
                    out.write(",\n");
                }
                out.write("{\"emp_id\":\"E" + i + "\",\"name\":\"employee " + i + "\",\"seq\":" + i
                        + ",\"description\":\"" + filler + "\"}");
            }
            out.write(']');
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapUsed() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
