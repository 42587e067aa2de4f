package io.scanpipeline.sink.kcl;

import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the shards of this worker that hold records but made no progress (no record confirmed) for
 * {@code STALL_TIMEOUT}: a hung HEC connection, a lost ack, a dead-letter store that never answers. {@code /health}
 * reports them, so the container health check fails and ECS replaces the task (the records were never checkpointed,
 * so the next owner reads them again). An idle shard (nothing held) is never stalled, however long it waits.
 *
 * <p>Progress is observed when asked ({@link #stalledShards()}, on every health check and progress line), so a
 * shard is reported after between {@code timeout} and {@code timeout} plus the interval between two questions.
 */
public final class StallDetector {

    private record Seen(long confirmations, Instant since) {}

    private final SinkStats stats;
    private final Duration timeout;
    private final Clock clock;
    private final StructuredLog log;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    /** @param timeout how long a shard may hold records without one being confirmed ({@code STALL_TIMEOUT}) */
    public StallDetector(SinkStats stats, Duration timeout, Clock clock, StructuredLog log) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The shards stalled now, in shard order; logs {@code shard_stalled} (an alarm) when a shard first stalls. */
    public synchronized List<String> stalledShards() {
        Instant now = clock.instant();
        List<String> stalled = new ArrayList<>();
        Map<String, SinkStats.ShardState> shards = stats.shards();
        seen.keySet().retainAll(shards.keySet());
        reported.retainAll(shards.keySet());
        shards.forEach((shardId, shard) -> {
            if (!shard.owned() || shard.inFlight() == 0) {
                seen.remove(shardId);
                reported.remove(shardId);
                return;
            }
            long confirmations = shard.confirmations();
            Seen last = seen.get(shardId);
            if (last == null || last.confirmations() != confirmations) {
                last = new Seen(confirmations, now);
                seen.put(shardId, last);
            }
            if (Duration.between(last.since(), now).compareTo(timeout) >= 0) {
                stalled.add(shardId);
                if (reported.add(shardId)) {
                    log.error(
                            "shard_stalled",
                            Map.of(
                                    "alarm",
                                    true,
                                    "shardId",
                                    shardId,
                                    "inFlight",
                                    shard.inFlight(),
                                    "noProgressSince",
                                    last.since().toString(),
                                    "oldestUnconfirmed",
                                    String.valueOf(shard.oldestUnconfirmed().orElse(null))));
                }
            } else if (reported.remove(shardId)) {
                log.info("shard_progressing", Map.of("shardId", shardId, "inFlight", shard.inFlight()));
            }
        });
        return stalled;
    }
}
