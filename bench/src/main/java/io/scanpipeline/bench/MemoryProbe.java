package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.ObjectReport;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The child JVM of figure 4: ingests one object of the parent's S3 server with {@code IngestService} into
 * {@link InstantDynamoDb} and prints one line {@code RESULT {json}} with what the heap held.
 *
 * <p>Run it with {@code -XX:+UseSerialGC} and a fixed heap and young generation (see {@link MemoryFigure}). It
 * reports the largest heap occupancy right after any collection (the live data plus what had been promoted),
 * which is what grows when a program holds a file in memory, and the peaks of the heap pools, whose young part is
 * just the size of eden.
 *
 * <p>Arguments: S3 endpoint, bucket, key.
 */
public final class MemoryProbe {

    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        String key = args[2];
        S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        IngestConfig config = IngestConfig.fromEnv(ScanFile.ingestEnv("MemoryProbe", 4));
        IngestService service = new IngestService(
                config,
                s3,
                new InstantDynamoDb(),
                new S3Quarantine(s3, Optional.empty(), config.quarantinePrefix()),
                StructuredLog.to("probe", l -> {}));

        GcWatch watch = new GcWatch();
        System.gc();
        Thread.sleep(200); // GC notifications arrive on their own thread
        watch.reset();
        long start = System.nanoTime();
        ObjectReport report = service.ingest(new SourceObject(bucket, key, Optional.empty(), Optional.empty(), -1));
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(200);

        ObjectNode result = Json.mapper().createObjectNode();
        result.put("records", report.recordsRead());
        result.put("itemsWritten", report.itemsWritten());
        result.put("bytesRead", report.bytesRead());
        result.put("seconds", seconds);
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("peakAfterGcBytes", watch.peakAfterGc.get());
        result.put("collections", watch.collections.get());
        result.put("fullCollections", watch.fullCollections.get());
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
                result.put("peak " + pool.getName(), pool.getPeakUsage().getUsed());
            }
        }
        result.put("poolPeakSumBytes", poolPeaks);
        System.out.println("RESULT " + result);
        System.exit(0); // the S3 client's connection reaper is not a daemon everywhere
    }

    /** Follows every collection and keeps the largest heap occupancy right after one. */
    static final class GcWatch {
        final AtomicLong peakAfterGc = new AtomicLong();
        final AtomicLong collections = new AtomicLong();
        final AtomicLong fullCollections = new AtomicLong();
        private volatile boolean counting;

        GcWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc)
                        .addNotificationListener(
                                (notification, handback) -> {
                                    if (!counting
                                            || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                                                    .equals(notification.getType())) {
                                        return;
                                    }
                                    var info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                                    long used = 0;
                                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo()
                                            .getMemoryUsageAfterGc()
                                            .entrySet()) {
                                        if (isHeap(pool.getKey())) {
                                            used += pool.getValue().getUsed();
                                        }
                                    }
                                    peakAfterGc.accumulateAndGet(used, Math::max);
                                    collections.incrementAndGet();
                                    if (info.getGcAction().contains("major")) {
                                        fullCollections.incrementAndGet();
                                    }
                                },
                                null,
                                null);
            }
        }

        void reset() {
            peakAfterGc.set(0);
            collections.set(0);
            fullCollections.set(0);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            counting = true;
        }

        private static boolean isHeap(String poolName) {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals(poolName)) {
                    return pool.getType() == MemoryType.HEAP;
                }
            }
            return false;
        }
    }
}
