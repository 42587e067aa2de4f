package io.scanpipeline.sink.hec;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.StructuredLog;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends batches to Splunk HEC and tells, per batch, what became of them.
 *
 * <p>The future of {@link #send} completes normally with a {@link HecDelivery} only when every event of the batch is
 * either delivered (HTTP 200 code 0 with acks off; ack {@code true} with acks on) or dead-lettered with Splunk's
 * reason (codes 6, 7, 12, 13, 15). Otherwise it completes exceptionally with a {@link HecException}: the caller keeps
 * the data and must not confirm it — {@link HecAuthException} (stop and alarm), {@link HecConfigurationException},
 * {@link HecUnexpectedResponseException}, {@link HecRetryExhaustedException} or {@link HecClosedException}.
 * Retryable failures (429, 5xx, I/O errors, timeouts, lost acks) are retried inside the client with exponential
 * backoff and jitter for up to {@code HEC_RETRY_DURATION}; delivery is at least once.
 *
 * <p>At most {@code HEC_MAX_IN_FLIGHT_EVENTS} events are unresolved at a time: {@link #send} blocks and
 * {@link #trySend} declines beyond that. Futures complete on client threads; do not block in their callbacks.
 */
public final class HecClient implements AutoCloseable {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final HecConfig config;
    private final DeliveryContext ctx;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Semaphore inFlight;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<BatchDelivery> active = ConcurrentHashMap.newKeySet();

    private HecClient(HecConfig config, StructuredLog log) {
        if (config.token() == null) {
            throw new ConfigException("HEC_TOKEN", "is not resolved yet (HEC_TOKEN_SECRET_ARN): call withToken first");
        }
        this.config = config;
        this.inFlight = new Semaphore(config.maxInFlightEvents(), true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hec-client-" + CLIENTS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        HecTransport transport = new HecTransport(config, HecTransport.httpClient(config));
        EndpointPool pool = new EndpointPool(config.urls(), config.channels(), log);
        AckPoller acks = new AckPoller(transport, config, log);
        HecMetrics metrics = new HecMetrics(acks::pendingCount,
                () -> config.maxInFlightEvents() - inFlight.availablePermits());
        this.ctx = new DeliveryContext(config, transport, pool, acks, scheduler,
                new Backoff(config.retryBase(), config.retryMax()), metrics, log, closed::get);
        if (config.ack()) {
            long poll = config.ackPollInterval().toMillis();
            scheduler.scheduleWithFixedDelay(guarded(acks::pollOnce, config.token(), log), poll, poll,
                    TimeUnit.MILLISECONDS);
        }
        long health = config.healthCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(guarded(new HealthCheck(transport, pool), config.token(), log), health,
                health, TimeUnit.MILLISECONDS);
        if (config.insecureTls()) {
            log.warn("hec_insecure_tls", Map.of("message", "HEC_INSECURE_TLS=true: certificates are not verified"));
        }
    }

    /** A client logging JSON lines to standard output. */
    public static HecClient create(HecConfig config) {
        return create(config, StructuredLog.forClass(HecClient.class));
    }

    /** A client logging to {@code log} (tests collect the lines). */
    public static HecClient create(HecConfig config, StructuredLog log) {
        return new HecClient(config, log);
    }

    /** A batch builder sized by this client's configuration. */
    public HecBatch.Builder newBatch(String id) {
        return HecBatch.builder(id, config);
    }

    /**
     * Sends {@code batch}, first waiting while the in-flight bound is reached.
     *
     * @throws IllegalArgumentException when the batch is empty, larger than {@code HEC_MAX_IN_FLIGHT_EVENTS}, or
     *                                  encoded for the other endpoint kind
     * @throws InterruptedException     while waiting for room
     */
    public CompletableFuture<HecDelivery> send(HecBatch batch) throws InterruptedException {
        check(batch);
        inFlight.acquire(batch.size());
        return start(batch);
    }

    /**
     * Sends {@code batch} if the in-flight bound leaves room now.
     *
     * @return the delivery, or empty when not accepted (backpressure: try again after a delivery completes)
     */
    public Optional<CompletableFuture<HecDelivery>> trySend(HecBatch batch) {
        check(batch);
        return inFlight.tryAcquire(batch.size()) ? Optional.of(start(batch)) : Optional.empty();
    }

    /** The configuration this client runs with. */
    public HecConfig config() {
        return config;
    }

    /** The counters now, for a progress line. */
    public HecMetricsSnapshot metrics() {
        return ctx.metrics().snapshot();
    }

    /** Stops polling and retrying; unresolved batches complete with {@link HecClosedException}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        HecClosedException closing = new HecClosedException();
        active.forEach(delivery -> delivery.abort(closing));
        ctx.acks().failAll(closing);
    }

    private CompletableFuture<HecDelivery> start(HecBatch batch) {
        CompletableFuture<HecDelivery> outcome = new CompletableFuture<>();
        if (closed.get()) {
            inFlight.release(batch.size());
            outcome.completeExceptionally(new HecClosedException());
            return outcome;
        }
        ctx.metrics().batchAccepted();
        BatchDelivery delivery = new BatchDelivery(batch, ctx);
        active.add(delivery);
        delivery.start().whenComplete((result, error) -> {
            // room is given back before the caller's callbacks run, so a callback that sends again can proceed
            active.remove(delivery);
            inFlight.release(batch.size());
            if (error != null) {
                outcome.completeExceptionally(error);
            } else {
                outcome.complete(result);
            }
        });
        return outcome;
    }

    private void check(HecBatch batch) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("batch " + batch.id() + " is empty (HEC would answer code 5)");
        }
        if (batch.size() > config.maxInFlightEvents()) {
            throw new IllegalArgumentException("batch " + batch.id() + " has " + batch.size()
                    + " events, more than HEC_MAX_IN_FLIGHT_EVENTS " + config.maxInFlightEvents());
        }
        if (batch.kind() != config.endpoint()) {
            throw new IllegalArgumentException("batch " + batch.id() + " was built for the " + batch.kind()
                    + " endpoint, this client sends to " + config.endpoint());
        }
    }

    /** A scheduled task must not die of an exception: the scheduler would silently stop running it. */
    private static Runnable guarded(Runnable task, HecToken token, StructuredLog log) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("hec_background_task_failed", Map.of("error", token.redact(String.valueOf(e))));
            }
        };
    }
}
