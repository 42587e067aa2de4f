package io.scanpipeline.local.lambda;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.s3.LocalS3Server;
import io.scanpipeline.local.emulator.s3.S3ObjectEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3 ObjectCreated notifications delivered to a handler as Lambda's asynchronous invocation does: the event JSON S3
 * would send, up to two retries after a failure (1 s, then 2 s later), then the event goes to an on-failure list
 * (Lambda's on-failure destination). Objects under the quarantine prefix are not delivered at all, as the
 * template's notification filter would not deliver them either.
 */
public final class S3Notifications implements AutoCloseable {

    /** A delivery that failed every attempt. */
    public record FailedDelivery(String eventJson, String error) {}

    private static final int RETRIES = 2;

    private final LambdaInvoker<?, ?> invoker;
    private final String excludedPrefix;
    private final ExecutorService executor;
    private final StructuredLog log = StructuredLog.forClass(S3Notifications.class);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final List<FailedDelivery> failures = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /**
     * @param concurrency how many invocations may run at once (Lambda's concurrency)
     */
    public S3Notifications(LocalS3Server server, LambdaInvoker<?, ?> invoker, String excludedPrefix, int concurrency) {
        this.invoker = invoker;
        this.excludedPrefix = excludedPrefix;
        this.executor = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "s3-notification");
            t.setDaemon(true);
            return t;
        });
        server.addListener(this::onEvent);
    }

    private void onEvent(S3ObjectEvent event) {
        if (!event.isCreated() || event.key().startsWith(excludedPrefix)) {
            return;
        }
        String json = LocalS3Server.toS3EventJson(event, "us-east-1");
        events.add(json);
        pending.incrementAndGet();
        executor.execute(() -> deliver(json, 0));
    }

    private void deliver(String json, int attempt) {
        try {
            invoker.invoke(json);
            delivered.incrementAndGet();
            pending.decrementAndGet();
        } catch (RuntimeException e) {
            if (attempt < RETRIES) {
                log.warn(
                        "invocation_retry",
                        Map.of(
                                "function",
                                invoker.name(),
                                "attempt",
                                attempt + 1,
                                "error",
                                String.valueOf(e.getMessage())));
                sleep(Duration.ofSeconds(1L << attempt));
                deliver(json, attempt + 1);
            } else {
                failures.add(new FailedDelivery(json, String.valueOf(e.getMessage())));
                pending.decrementAndGet();
                log.error(
                        "invocation_failed",
                        Map.of("function", invoker.name(), "error", String.valueOf(e.getMessage())));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long delivered() {
        return delivered.get();
    }

    /** Notifications not yet delivered or failed for good. */
    public long pending() {
        return pending.get();
    }

    public List<FailedDelivery> failures() {
        return List.copyOf(failures);
    }

    /** Every notification event JSON sent so far, in order (to deliver one again, late, with {@link #redeliver}). */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Delivers an event again, as S3's at-least-once delivery may, at any later time. */
    public void redeliver(String eventJson) {
        pending.incrementAndGet();
        executor.execute(() -> deliver(eventJson, 0));
    }

    /**
     * Delivers the failed notifications again, as an operator re-driving the on-failure destination would, and
     * forgets them (a delivery failing again is listed again).
     */
    public void redeliverFailures() {
        for (FailedDelivery failed : List.copyOf(failures)) {
            failures.remove(failed);
            pending.incrementAndGet();
            executor.execute(() -> deliver(failed.eventJson(), 0));
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
