package io.scanpipeline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Open-loop S3 uploads for the end-to-end figure: object {@code i} is put at {@code start + i * interval} whatever
 * happened to the ones before (a slow PUT never holds up the schedule: the PUTs run on their own threads), or all at
 * once when the interval is zero. Each object's time is taken just before its {@code PutObject} call, on the wall
 * clock, because the HEC receiver stamps its receipts with {@code Instant.now()}.
 */
final class ScheduledUploads implements AutoCloseable {

    /** One object to put: its key and its whole body, generated beforehand. */
    record Upload(String key, byte[] body) {}

    /**
     * What was put.
     *
     * @param putAt       per key, the wall-clock time just before its PutObject call
     * @param maxLateness the longest any PUT started after its scheduled time (the schedule's own error)
     */
    record Sent(Map<String, Instant> putAt, Duration maxLateness) {}

    private final S3Client s3;
    private final String bucket;
    private final ExecutorService puts;

    /** @param threads how many PUTs may be in flight at once */
    ScheduledUploads(S3Client s3, String bucket, int threads) {
        this.s3 = s3;
        this.bucket = bucket;
        this.puts = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "bench-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Puts every object, one per {@code interval} ({@link Duration#ZERO}: as fast as the threads go). */
    Sent put(List<Upload> uploads, Duration interval) throws InterruptedException, ExecutionException {
        Map<String, Instant> putAt = new ConcurrentHashMap<>();
        AtomicLong maxLateNanos = new AtomicLong();
        Future<?>[] results = new Future<?>[uploads.size()];
        long start = System.nanoTime();
        for (int i = 0; i < uploads.size(); i++) {
            Upload upload = uploads.get(i);
            long due = start + i * interval.toNanos();
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            results[i] = puts.submit(() -> {
                maxLateNanos.accumulateAndGet(System.nanoTime() - due, Math::max);
                RequestBody body = RequestBody.fromBytes(upload.body());
                putAt.put(upload.key(), Instant.now());
                s3.putObject(r -> r.bucket(bucket).key(upload.key()), body);
            });
        }
        for (Future<?> result : results) {
            result.get();
        }
        Duration lateness = interval.isZero() ? Duration.ZERO : Duration.ofNanos(maxLateNanos.get());
        return new Sent(Map.copyOf(putAt), lateness);
    }

    @Override
    public void close() throws InterruptedException {
        puts.shutdown();
        puts.awaitTermination(10, TimeUnit.SECONDS);
    }
}
