package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.hec.HecBatch;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.hec.HecDelivery;
import io.scanpipeline.sink.hec.HecEvent;
import io.scanpipeline.sink.hec.HecMetricsSnapshot;
import io.scanpipeline.sink.kcl.SinkStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends this worker's delivery counts to Splunk itself, so that Splunk's own dashboards show the pipeline's health
 * (dead letters, HEC failures) without the AWS add-on: every {@code HEALTH_EVENT_INTERVAL} one event of sourcetype
 * {@value #SOURCETYPE}, source {@value #SOURCE}, through the same HEC client as the findings:
 * <pre>{"type":"sink_health","worker":"w-1","application":"scan-pipeline-sink","intervalSeconds":60,
 *  "delivered":120,"deadLettered":1,"hecFailures":3,"retries":2,"ackTimeouts":1,"authFailures":0,"indexErrors":0,
 *  "inFlight":40,"maxLagMillis":250}</pre>
 * The counts are <b>deltas</b> since the last event Splunk confirmed, so sums over time and over workers are right:
 * an event that is not delivered (Splunk down) is not lost, its counts go into the next one. {@code hecFailures}
 * counts failed HEC attempts: retries after 429/5xx/I/O errors, ack timeouts, authentication failures and batches
 * refused for the sink's own index (a configuration error).
 * {@code inFlight} and {@code maxLagMillis} (the largest {@code millisBehindLatest} of the shards this worker holds)
 * are values at the time of the event; {@code maxLagMillis} is left out while the worker holds no shard it has read,
 * so that {@code max(maxLagMillis)} in Splunk is the worst known lag and never a made-up -1.
 *
 * <p>At most one health event is in flight; the findings have priority (the event waits when the in-flight bound is
 * reached). Delivery of health events is best effort in that sense, their counts are not.
 */
public final class HealthEvents implements Runnable {

    /** The sourcetype of health events. */
    public static final String SOURCETYPE = "scan:pipeline:health";
    /** The source of health events. */
    public static final String SOURCE = "scan-pipeline:sink";

    private final SinkStats stats;
    private final HecClient hec;
    private final String application;
    private final String worker;
    private final Duration interval;
    private final Clock clock;
    private final StructuredLog log;
    private Totals confirmed = new Totals(0, 0, 0, 0, 0, 0);
    private CompletableFuture<HecDelivery> pending;
    private long sent;

    public HealthEvents(
            SinkStats stats,
            HecClient hec,
            String application,
            String worker,
            Duration interval,
            Clock clock,
            StructuredLog log) {
        this.stats = stats;
        this.hec = hec;
        this.application = application;
        this.worker = worker;
        this.interval = interval;
        this.clock = clock;
        this.log = log;
    }

    /** Sends one health event, unless the previous one is still in flight. */
    @Override
    public synchronized void run() {
        if (pending != null && !pending.isDone()) {
            return;
        }
        Totals now = totals();
        HecBatch.Builder batch = hec.newBatch("health-" + worker + "-" + (++sent));
        batch.add(HecEvent.builder(event(now.minus(confirmed)))
                .time(clock.instant())
                .source(SOURCE)
                .sourcetype(SOURCETYPE)
                .build());
        Optional<CompletableFuture<HecDelivery>> delivery;
        try {
            delivery = hec.trySend(batch.build());
        } catch (RuntimeException e) {
            log.warn("health_event_not_sent", Map.of("error", String.valueOf(e)));
            return;
        }
        if (delivery.isEmpty()) {
            return; // in-flight bound reached: the counts go into the next event
        }
        pending = delivery.get();
        pending.whenComplete((result, error) -> confirmed(now, result, error));
    }

    /** Sends a last event (on a graceful stop) and waits up to {@code wait} for Splunk to confirm it. */
    public void flush(Duration wait) {
        CompletableFuture<HecDelivery> last;
        synchronized (this) {
            if (pending != null && !pending.isDone()) {
                last = pending;
            } else {
                run();
                last = pending;
            }
        }
        if (last == null) {
            return;
        }
        try {
            last.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("health_event_not_confirmed", Map.of("error", String.valueOf(e)));
        }
    }

    private synchronized void confirmed(Totals sentTotals, HecDelivery result, Throwable error) {
        if (error == null && result.status() == HecDelivery.Status.DELIVERED) {
            confirmed = sentTotals;
        } else {
            log.warn(
                    "health_event_not_delivered",
                    Map.of("error", error != null ? String.valueOf(error) : "dead-lettered: " + result.deadLetters()));
        }
    }

    ObjectNode event(Totals delta) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("type", "sink_health");
        event.put("worker", worker);
        event.put("application", application);
        event.put("intervalSeconds", interval.toSeconds());
        event.put("delivered", delta.delivered());
        event.put("deadLettered", delta.deadLettered());
        event.put("hecFailures", delta.retries() + delta.ackTimeouts() + delta.authFailures() + delta.indexErrors());
        event.put("retries", delta.retries());
        event.put("ackTimeouts", delta.ackTimeouts());
        event.put("authFailures", delta.authFailures());
        event.put("indexErrors", delta.indexErrors());
        event.put("inFlight", stats.inFlight());
        long lag = -1;
        for (SinkStats.ShardState shard : stats.shards().values()) {
            if (shard.owned()) {
                lag = Math.max(lag, shard.millisBehindLatest());
            }
        }
        if (lag >= 0) {
            event.put("maxLagMillis", lag);
        }
        return event;
    }

    private Totals totals() {
        HecMetricsSnapshot hecNow = hec.metrics();
        return new Totals(
                stats.delivered(),
                stats.deadLettered(),
                hecNow.retries(),
                hecNow.ackTimeouts(),
                hecNow.authFailures(),
                hecNow.indexErrors());
    }

    /** The counters health events report, all of which only grow. */
    record Totals(
            long delivered, long deadLettered, long retries, long ackTimeouts, long authFailures, long indexErrors) {
        Totals minus(Totals earlier) {
            return new Totals(
                    delivered - earlier.delivered,
                    deadLettered - earlier.deadLettered,
                    retries - earlier.retries,
                    ackTimeouts - earlier.ackTimeouts,
                    authFailures - earlier.authFailures,
                    indexErrors - earlier.indexErrors);
        }
    }
}
