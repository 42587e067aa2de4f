package io.scanpipeline.local;

import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.local.lambda.MappingStatus;
import io.scanpipeline.local.lambda.S3Notifications;
import io.scanpipeline.local.lambda.StreamEventSourceMapping;
import io.scanpipeline.sink.kcl.SinkStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The `up` command's status view: counts and lag per stage, and the last errors of the stage handlers, printed as a
 * block every few seconds.
 */
final class StatusView {

    private static final int LAST_ERRORS = 5;

    private final LocalPipeline pipeline;
    private final Deque<String> errors = new ArrayDeque<>();

    StatusView(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Remembers a log line when it is a warning or an error (called for every stage log line). */
    synchronized void observe(String logLine) {
        if (logLine.contains("\"level\":\"ERROR\"") || logLine.contains("\"level\":\"WARN\"")) {
            errors.addLast(logLine.length() > 300 ? logLine.substring(0, 297) + "..." : logLine);
            while (errors.size() > LAST_ERRORS) {
                errors.removeFirst();
            }
        }
    }

    /** The current status, several lines. */
    String render() {
        List<String> lines = new ArrayList<>();
        S3Notifications notifications = pipeline.notifications();
        lines.add(String.format(
                Locale.ROOT,
                "ingest      objects %d delivered, %d pending, %d failed",
                notifications.delivered(),
                notifications.pending(),
                notifications.failures().size()));
        long items = 0;
        long changes = 0;
        for (String table :
                pipeline.tables().stream().map(TableTarget::table).distinct().toList()) {
            items += pipeline.aws().scanAll(table).size();
            changes += pipeline.aws().streamRecordCount(table);
        }
        lines.add(String.format(Locale.ROOT, "dynamodb    items %d, stream records %d", items, changes));
        for (StreamEventSourceMapping mapping : pipeline.downstream().mappings()) {
            MappingStatus status = mapping.status();
            long age = status.maxIteratorAgeMillis();
            lines.add(String.format(
                    Locale.ROOT,
                    "forwarder   %s: read %d, invocations %d, errors %d, partial %d, discarded %d, iterator age %d ms",
                    tableOf(status.streamArn()),
                    status.recordsRead(),
                    status.invocations(),
                    status.functionErrors(),
                    status.partialFailures(),
                    status.discardedRecords(),
                    age));
        }
        SinkStats sink = pipeline.downstream().sink().stats();
        StringBuilder lag = new StringBuilder();
        for (Map.Entry<String, SinkStats.ShardState> shard : sink.shards().entrySet()) {
            lag.append(' ')
                    .append(shard.getKey().replace("shardId-", ""))
                    .append('=')
                    .append(shard.getValue().millisBehindLatest())
                    .append("ms");
        }
        lines.add(String.format(
                Locale.ROOT,
                "sink        received %d, delivered %d, dead letters %d, in flight %d, lag%s",
                sink.received(),
                sink.delivered(),
                sink.deadLettered(),
                sink.inFlight(),
                lag));
        lines.add(String.format(
                Locale.ROOT,
                "hec         events %d (distinct %d)",
                pipeline.changeEvents().size(),
                pipeline.hecEventIds()));
        synchronized (this) {
            lines.add("last errors " + (errors.isEmpty() ? "none" : ""));
            errors.forEach(e -> lines.add("  " + e));
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static String tableOf(String streamArn) {
        int start = streamArn.indexOf(":table/");
        int end = streamArn.indexOf("/stream/");
        return start < 0 || end < 0 ? streamArn : streamArn.substring(start + 7, end);
    }
}
