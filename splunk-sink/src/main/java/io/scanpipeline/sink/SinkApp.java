package io.scanpipeline.sink;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.S3RejectStore;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.kcl.DeliveryHealth;
import io.scanpipeline.sink.kcl.HecEventMapper;
import io.scanpipeline.sink.kcl.LeaseHandOver;
import io.scanpipeline.sink.kcl.LeaseTable;
import io.scanpipeline.sink.kcl.ProcessorContext;
import io.scanpipeline.sink.kcl.RecordSelector;
import io.scanpipeline.sink.kcl.SinkStats;
import io.scanpipeline.sink.kcl.SplunkRecordProcessorFactory;
import io.scanpipeline.sink.kcl.StallDetector;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * The Splunk sink process: a KCL 3 {@link Scheduler} whose shard processors deliver change envelopes to Splunk HEC,
 * plus {@code /health}, a progress line every {@code PROGRESS_INTERVAL}, a {@link HealthEvents health event} to
 * Splunk every {@code HEALTH_EVENT_INTERVAL}, and a graceful stop on SIGTERM (KCL's
 * graceful shutdown, which lets every processor checkpoint what Splunk confirmed, then the HEC client is closed).
 *
 * <p>Configured entirely by environment variables: see {@link SinkConfig}, {@link KclSettings},
 * {@link io.scanpipeline.core.AwsClients} and {@link HecEnvironment}; run by {@link SinkCommand} (exit status 2
 * means invalid configuration, 1 that the scheduler stopped by itself).
 */
public final class SinkApp implements AutoCloseable {

    private final SinkConfig config;
    private final HecClient hec;
    private final DeadLetters deadLetters;
    private final ScheduledThreadPoolExecutor timer;
    private final SinkStats stats;
    private final DeliveryHealth deliveryHealth;
    private final Scheduler scheduler;
    private final Thread schedulerThread;
    private final HealthServer health;
    private final ProgressReporter progress;
    private final HealthEvents healthEvents;
    private final StructuredLog log;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SinkApp(SinkConfig config, SinkClients clients, RecordSelector selector, StructuredLog log) {
        if (config.hec().token() == null) {
            throw new ConfigException(
                    "HEC_TOKEN",
                    "is required, or HEC_TOKEN_SECRET_ARN resolved with "
                            + "HecTokenSecret.resolve before the sink starts");
        }
        this.config = config;
        this.log = log;
        Clock clock = Clock.systemUTC();
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sink-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // the token is read again from Secrets Manager whenever HEC refuses it (rotation without a redeploy)
        this.hec = HecClient.create(
                config.hec(),
                config.hec().tokenSecretArn() == null
                        ? io.scanpipeline.sink.hec.HecTokenSource.fixed(
                                config.hec().token())
                        : HecTokenSecret.source(config.hec(), HecTokenSecret.client(config.aws())),
                log);
        hec.verifyAcks();
        this.deadLetters = DeadLetters.create(
                new S3RejectStore(clients.s3(), config.deadLetterBucket()),
                config.deadLetterPrefix(),
                config.applicationName(),
                log);
        this.stats = new SinkStats();
        SinkConfig.Delivery delivery = config.delivery();
        this.deliveryHealth = new DeliveryHealth(log, delivery.authAlarmInterval(), clock);
        ProcessorContext ctx = new ProcessorContext(
                hec,
                deadLetters,
                new HecEventMapper(config.routes()),
                selector,
                stats,
                deliveryHealth,
                timer,
                delivery.maxInFlightEvents(),
                delivery.checkpointInterval(),
                delivery.redeliveryInterval(),
                delivery.drainTimeout(),
                clock,
                log);
        if (config.kcl().leaseTablePrecreate()) {
            new LeaseTable(clients.dynamoDb(), config.applicationName()).createIfMissing();
        }
        this.scheduler = SchedulerFactory.create(config, clients, new SplunkRecordProcessorFactory(ctx));
        this.schedulerThread = new Thread(scheduler, "kcl-scheduler");
        this.progress = new ProgressReporter(stats, hec, log, clock, config.applicationName());
        StallDetector stalls = new StallDetector(stats, delivery.stallTimeout(), clock, log);
        this.healthEvents = config.healthEventInterval().isZero()
                ? null
                : new HealthEvents(
                        stats,
                        hec,
                        config.applicationName(),
                        config.workerId(),
                        config.healthEventInterval(),
                        clock,
                        log);
        this.health = HealthServer.start(
                config.healthPort(),
                () -> new HealthServer.Status(
                        schedulerThread.isAlive() && !closed.get(),
                        deliveryHealth.authFailing(),
                        stalls.stalledShards(),
                        stats.delivered(),
                        stats.deadLettered(),
                        stats.inFlight()));
    }

    /**
     * Starts a sink: health endpoint, timers, and the scheduler on its own thread. The caller keeps ownership of
     * {@code clients} (close them after {@link #close()}).
     */
    public static SinkApp start(SinkConfig config, SinkClients clients, RecordSelector selector, StructuredLog log) {
        SinkApp app = new SinkApp(config, clients, selector, log);
        app.schedulerThread.start();
        long every = config.progressInterval().toMillis();
        app.timer.scheduleWithFixedDelay(app.progress, every, every, TimeUnit.MILLISECONDS);
        if (app.healthEvents != null) {
            long healthEvery = config.healthEventInterval().toMillis();
            app.timer.scheduleWithFixedDelay(app.healthEvents, healthEvery, healthEvery, TimeUnit.MILLISECONDS);
        }
        long alarm = config.delivery().authAlarmInterval().toMillis();
        app.timer.scheduleWithFixedDelay(app.deliveryHealth::remind, alarm, alarm, TimeUnit.MILLISECONDS);
        log.info(
                "sink_started",
                Map.of(
                        "application",
                        config.applicationName(),
                        "stream",
                        config.stream(),
                        "workerId",
                        config.workerId(),
                        "healthPort",
                        app.health.port(),
                        "retrievalMode",
                        config.kcl().retrievalMode().name(),
                        "start",
                        config.start().kind().name()));
        return app;
    }

    /** Reads the environment, starts the sink and runs until SIGTERM or until the scheduler stops by itself. */
    /** The sink image's entry point; see {@link SinkCommand} (no arguments: run the sink). */
    public static void main(String[] args) {
        Commands.exit(new SinkCommand(), args);
    }

    /** Whether {@link #close()} was called (else a scheduler that ended stopped by itself). */
    boolean isClosed() {
        return closed.get();
    }

    /** Counters, for tests and the replay's stop condition. */
    public SinkStats stats() {
        return stats;
    }

    /** The port {@code /health} listens on. */
    public int healthPort() {
        return health.port();
    }

    /** Whether Splunk currently refuses the token. */
    public boolean hecAuthFailing() {
        return deliveryHealth.authFailing();
    }

    /** Waits until the scheduler thread ends. */
    public void awaitTermination() {
        try {
            schedulerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops gracefully: KCL's graceful shutdown (every processor sends what is open, waits up to
     * {@code SHUTDOWN_DRAIN_TIMEOUT} and checkpoints what was confirmed), then hands the leases over
     * ({@link LeaseHandOver}) so their shards move at once, then the HEC client, dead letters, health endpoint.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("sink_stopping", Map.of("inFlight", stats.inFlight()));
        Duration wait = config.delivery().drainTimeout().plusSeconds(30);
        try {
            if (Boolean.TRUE.equals(scheduler.startGracefulShutdown().get(wait.toMillis(), TimeUnit.MILLISECONDS))) {
                // checkpointed, no longer renewed and no longer reported as a live worker: give the leases away now
                // rather than let them expire. (Handing over earlier, while KCL still reports this worker's load,
                // lets the leader give a lease straight back to it.)
                LeaseHandOver.handOver(scheduler.leaseRefresher(), config.workerId(), log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("graceful_shutdown_incomplete", Map.of("error", String.valueOf(e)));
            scheduler.shutdown();
        }
        try {
            schedulerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.run();
        if (healthEvents != null) {
            healthEvents.flush(Duration.ofSeconds(5));
        }
        hec.close();
        deadLetters.close();
        timer.shutdownNow();
        health.close();
        log.info("sink_stopped", Map.of("delivered", stats.delivered(), "deadLettered", stats.deadLettered()));
    }
}
