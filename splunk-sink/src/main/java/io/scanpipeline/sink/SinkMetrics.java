package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.EmfMetrics;
import io.scanpipeline.sink.hec.HecMetricsSnapshot;
import io.scanpipeline.sink.kcl.SinkStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sink's CloudWatch metrics, as Embedded Metric Format lines (namespace {@value #NAMESPACE}). Counts are per
 * interval (the difference since the previous call), so the {@code Sum} statistic over a period is what happened in
 * it; the alarms in template.yaml read them with dimension {@value #APPLICATION} = {@code APPLICATION_NAME}.
 *
 * <ul>
 *   <li>One {@code sink_metrics} line per worker, dimension {@value #APPLICATION}: {@code Delivered},
 *       {@code DeadLettered}, {@code HecFailures} (the sum of the kinds that follow), {@code HecRetries} (429, 5xx,
 *       I/O errors and timeouts retried), {@code HecAckTimeouts}, {@code HecAuthFailures}, {@code HecBatchFailures}
 *       (batches the client gave up on, kept and resent), {@code ProcessingFailures} ({@code process_records_failed}),
 *       and the gauge {@code InFlight}.</li>
 *   <li>One {@code sink_shard_metrics} line per shard this worker holds, dimensions {@value #APPLICATION} and
 *       {@value #SHARD}: {@code MillisBehindLatest} (the lag of its last read; left out before the first) and
 *       {@code InFlight}.</li>
 * </ul>
 */
public final class SinkMetrics {

    /** The namespace of every sink metric. */
    public static final String NAMESPACE = "ScanPipeline/Sink";
    /** Dimension: the KCL application ({@code APPLICATION_NAME}). */
    public static final String APPLICATION = "Application";
    /** Dimension of the per-shard metrics. */
    public static final String SHARD = "ShardId";

    private final String application;
    private long delivered;
    private long deadLettered;
    private long retries;
    private long ackTimeouts;
    private long authFailures;
    private long batchFailures;
    private long processingFailures;

    /** @param application the KCL application name, the value of dimension {@value #APPLICATION} */
    public SinkMetrics(String application) {
        this.application = Objects.requireNonNull(application, "application");
    }

    /**
     * The EMF lines for the interval since the previous call: the worker's line first, then one per shard held.
     */
    public synchronized List<ObjectNode> next(SinkStats stats, HecMetricsSnapshot hec) {
        long retryDelta = hec.retries() - retries;
        long ackTimeoutDelta = hec.ackTimeouts() - ackTimeouts;
        long authDelta = hec.authFailures() - authFailures;
        long batchDelta = stats.hecBatchFailures() - batchFailures;
        List<ObjectNode> lines = new ArrayList<>();
        lines.add(new EmfMetrics(NAMESPACE)
                .dimension(APPLICATION, application)
                .metric("Delivered", stats.delivered() - delivered, EmfMetrics.Unit.Count)
                .metric("DeadLettered", stats.deadLettered() - deadLettered, EmfMetrics.Unit.Count)
                .metric("HecFailures", retryDelta + ackTimeoutDelta + authDelta + batchDelta, EmfMetrics.Unit.Count)
                .metric("HecRetries", retryDelta, EmfMetrics.Unit.Count)
                .metric("HecAckTimeouts", ackTimeoutDelta, EmfMetrics.Unit.Count)
                .metric("HecAuthFailures", authDelta, EmfMetrics.Unit.Count)
                .metric("HecBatchFailures", batchDelta, EmfMetrics.Unit.Count)
                .metric("ProcessingFailures", stats.processingFailures() - processingFailures, EmfMetrics.Unit.Count)
                .metric("InFlight", stats.inFlight(), EmfMetrics.Unit.Count)
                .toJson("sink_metrics"));
        stats.shards().forEach((shardId, shard) -> {
            if (shard.owned() && !shard.finished()) {
                EmfMetrics emf = new EmfMetrics(NAMESPACE)
                        .dimension(APPLICATION, application)
                        .dimension(SHARD, shardId);
                if (shard.millisBehindLatest() >= 0) {
                    emf.metric("MillisBehindLatest", shard.millisBehindLatest(), EmfMetrics.Unit.Milliseconds);
                }
                lines.add(emf.metric("InFlight", shard.inFlight(), EmfMetrics.Unit.Count)
                        .toJson("sink_shard_metrics"));
            }
        });
        delivered = stats.delivered();
        deadLettered = stats.deadLettered();
        retries = hec.retries();
        ackTimeouts = hec.ackTimeouts();
        authFailures = hec.authFailures();
        batchFailures = stats.hecBatchFailures();
        processingFailures = stats.processingFailures();
        return lines;
    }
}
