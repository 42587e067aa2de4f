package io.scanpipeline.sink.hec;

import io.scanpipeline.core.Backoff;
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
 * <p>At most {@code HEC_MAX_IN_FLIGHT_EVENTS} events and {@code HEC_MAX_IN_FLIGHT_BYTES} bytes are unresolved at a
 * time: {@link #send} blocks and {@link #trySend} declines beyond either. Futures complete on client threads; do not
 * block in their callbacks.
 *
 * <p>The token comes from a {@link HecTokenSource}, read again when HEC refuses it (a rotated secret). HEC code 7
 * for the configured index fails the batch with {@link HecIndexException} (a configuration error) instead of
 * dead-lettering every event; HTTP 413 splits the request.
 */
public final class HecClient implements AutoCloseable {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final HecConfig config;
    private final DeliveryContext ctx;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Semaphore inFlight;
    private final Semaphore inFlightBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<BatchDelivery> active = ConcurrentHashMap.newKeySet();
    private final StructuredLog log;

    private HecClient(HecConfig config, HecTokenSource tokenSource, StructuredLog log) {
        HecToken initial = config.token() != null ? config.token() : tokenSource.read();
        if (initial == null) {
            throw new ConfigException("HEC_TOKEN", "is not resolved yet (HEC_TOKEN_SECRET_ARN): call withToken first");
        }
        this.config = config;
        this.log = log;
        this.inFlight = new Semaphore(config.maxInFlightEvents(), true);
        this.inFlightBytes = new Semaphore(config.maxInFlightBytes(), true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hec-client-" + CLIENTS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        HecTransport transport = new HecTransport(config, HecTransport.httpClient(config));
        EndpointPool pool = new EndpointPool(config.urls(), config.channels(), log);
        HecTokens tokens = new HecTokens(initial, tokenSource, log);
        AckPoller acks = new AckPoller(transport, config, tokens, log);
        HecMetrics metrics = new HecMetrics(
                acks::pendingCount,
                acks::reuses,
                () -> config.maxInFlightEvents() - inFlight.availablePermits(),
                () -> config.maxInFlightBytes() - inFlightBytes.availablePermits());
        this.ctx = new DeliveryContext(
                config,
                tokens,
                transport,
                pool,
                acks,
                scheduler,
                new Backoff(config.retryBase(), config.retryMax(), Integer.MAX_VALUE, Backoff.Jitter.EQUAL),
                metrics,
                log,
                closed::get);
        if (config.ack()) {
            long poll = config.ackPollInterval().toMillis();
            scheduler.scheduleWithFixedDelay(guarded(acks::pollOnce, tokens, log), poll, poll, TimeUnit.MILLISECONDS);
        }
        long health = config.healthCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(
                guarded(new HealthCheck(transport, pool), tokens, log), health, health, TimeUnit.MILLISECONDS);
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
        if (config.token() == null) {
            throw new ConfigException(
                    "HEC_TOKEN",
                    "is not resolved yet (HEC_TOKEN_SECRET_ARN): call withToken first, "
                            + "or create the client with a HecTokenSource");
        }
        return new HecClient(config, HecTokenSource.fixed(config.token()), log);
    }

    /**
     * A client whose token comes from {@code tokens} (read now unless {@code config} already holds one, and read
     * again whenever HEC refuses the token), logging to {@code log}.
     */
    public static HecClient create(HecConfig config, HecTokenSource tokens, StructuredLog log) {
        return new HecClient(config, tokens, log);
    }

    /**
     * With {@code HEC_ACK=true}, asks each endpoint's ack endpoint once whether the token has indexer
     * acknowledgement: a token without it (Splunk Cloud offers acks only to Firehose) is refused at start with an
     * error naming {@code HEC_ACK}, instead of failing every batch later. An endpoint that cannot be reached now is
     * only logged: the first batch will tell.
     *
     * @throws ConfigException naming HEC_ACK when HEC answers code 14 (ACK is disabled)
     */
    public void verifyAcks() {
        if (!config.ack()) {
            return;
        }
        for (HecEndpoint endpoint : ctx.pool().endpoints()) {
            HecChannel channel = endpoint.nextChannel();
            java.net.http.HttpResponse<byte[]> answer;
            try {
                answer = ctx.transport()
                        .pollAcks(channel, java.util.List.of(), ctx.tokens().current())
                        .get(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn(
                        "hec_ack_check_skipped",
                        Map.of(
                                "endpoint",
                                endpoint.toString(),
                                "error",
                                ctx.tokens().redact(String.valueOf(e.getMessage()))));
                continue;
            }
            HecResponse response = HecResponse.parse(answer.statusCode(), answer.body());
            if (Integer.valueOf(14).equals(response.code())) {
                throw new ConfigException(
                        "HEC_ACK",
                        "is true but the token has indexer acknowledgement off at "
                                + endpoint
                                + " (HEC code 14, ACK is disabled): turn acknowledgement on for the token, or set "
                                + "HEC_ACK=false (Splunk Cloud offers HEC acks only to Firehose)");
            }
        }
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
        try {
            inFlightBytes.acquire(bytePermits(batch));
        } catch (InterruptedException e) {
            inFlight.release(batch.size());
            throw e;
        }
        return start(batch);
    }

    /**
     * Sends {@code batch} if the in-flight bound leaves room now.
     *
     * @return the delivery, or empty when not accepted (backpressure: try again after a delivery completes)
     */
    public Optional<CompletableFuture<HecDelivery>> trySend(HecBatch batch) {
        check(batch);
        if (!inFlight.tryAcquire(batch.size())) {
            return Optional.empty();
        }
        if (!inFlightBytes.tryAcquire(bytePermits(batch))) {
            inFlight.release(batch.size());
            return Optional.empty();
        }
        return Optional.of(start(batch));
    }

    /** A batch larger than the byte bound (one huge event) takes the whole bound, so it still goes, alone. */
    private int bytePermits(HecBatch batch) {
        return (int) Math.min(batch.bytes(), config.maxInFlightBytes());
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
            inFlightBytes.release(bytePermits(batch));
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
            inFlightBytes.release(bytePermits(batch));
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
    private static Runnable guarded(Runnable task, HecTokens tokens, StructuredLog log) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("hec_background_task_failed", Map.of("error", tokens.redact(String.valueOf(e))));
            }
        };
    }
}
