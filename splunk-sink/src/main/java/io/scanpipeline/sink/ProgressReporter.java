package io.scanpipeline.sink;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.kcl.SinkStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs the {@code sink_progress} line: delivered events per second since the last line, totals, records in flight,
 * and each shard's lag ({@code millisBehindLatest} of its last read; -1 before the first) and last checkpoint; then the
 * same interval's CloudWatch metrics ({@link SinkMetrics}).
 */
public final class ProgressReporter implements Runnable {

    private final SinkStats stats;
    private final HecClient hec;
    private final StructuredLog log;
    private final Clock clock;
    private final SinkMetrics metrics;
    private Instant lastAt;
    private long lastDelivered;

    /** @param application the KCL application name, the {@code Application} dimension of the metrics */
    public ProgressReporter(SinkStats stats, HecClient hec, StructuredLog log, Clock clock, String application) {
        this.metrics = new SinkMetrics(application);
        this.stats = stats;
        this.hec = hec;
        this.log = log;
        this.clock = clock;
        this.lastAt = clock.instant();
    }

    /** Logs one progress line, then the interval's metrics as EMF lines ({@link SinkMetrics}). */
    @Override
    public synchronized void run() {
        log.info("sink_progress", fields());
        metrics.next(stats, hec.metrics()).forEach(log::raw);
    }

    /** The fields of the next progress line (and resets the rate window). */
    synchronized Map<String, Object> fields() {
        Instant now = clock.instant();
        long delivered = stats.delivered();
        double seconds = Math.max(Duration.between(lastAt, now).toMillis(), 1) / 1000.0;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventsPerSecond", Math.round((delivered - lastDelivered) / seconds * 10) / 10.0);
        fields.put("received", stats.received());
        fields.put("delivered", delivered);
        fields.put("deadLettered", stats.deadLettered());
        fields.put("skipped", stats.skipped());
        fields.put("inFlight", stats.inFlight());
        fields.put("checkpoints", stats.checkpoints());
        Map<String, Object> shards = new LinkedHashMap<>();
        stats.shards().forEach((id, state) -> {
            if (state.owned()) {
                Map<String, Object> shard = new LinkedHashMap<>();
                shard.put("millisBehindLatest", state.millisBehindLatest());
                shard.put("inFlight", state.inFlight());
                shard.put("checkpoint", state.checkpoint());
                shards.put(id, shard);
            }
        });
        fields.put("shards", shards);
        fields.put("hec", hec.metrics().progressLine());
        lastAt = now;
        lastDelivered = delivered;
        return fields;
    }
}
