package io.scanpipeline.sink.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Stall detection on a clock the test moves (no waiting). */
class StallDetectorTest {

    private static final String SHARD = "shardId-000000000001";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SinkStats stats = new SinkStats();
    private Instant now = Instant.parse("2024-05-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final StallDetector detector =
            new StallDetector(stats, Duration.ofMinutes(5), clock, StructuredLog.to("test", lines::add));

    @Test
    void aShardHoldingRecordsWithoutAConfirmationForTheTimeout_isStalled_untilOneIsConfirmed() {
        CheckpointTracker tracker = new CheckpointTracker(10);
        stats.shardStarted(SHARD, tracker);
        tracker.add(SequencePosition.of("1", 0));
        tracker.add(SequencePosition.of("2", 0));

        assertThat(detector.stalledShards()).isEmpty();
        now = now.plus(Duration.ofMinutes(4));
        assertThat(detector.stalledShards()).as("within the timeout").isEmpty();
        now = now.plus(Duration.ofMinutes(1));
        assertThat(detector.stalledShards()).containsExactly(SHARD);
        assertThat(lines)
                .filteredOn(line -> line.contains("\"shard_stalled\""))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("\"alarm\":true", SHARD, "\"oldestUnconfirmed\":\"1\""));

        tracker.confirm(SequencePosition.of("1", 0));
        assertThat(detector.stalledShards())
                .as("progress, though record 2 still waits")
                .isEmpty();
        assertThat(lines).anyMatch(line -> line.contains("\"shard_progressing\""));
    }

    @Test
    void anIdleShard_orOneThisWorkerNoLongerHolds_isNeverStalled() {
        CheckpointTracker idle = new CheckpointTracker(10);
        stats.shardStarted(SHARD, idle);
        CheckpointTracker lost = new CheckpointTracker(10);
        stats.shardStarted("shardId-000000000002", lost);
        lost.add(SequencePosition.of("7", 0));
        stats.shardReleased("shardId-000000000002");

        detector.stalledShards();
        now = now.plus(Duration.ofHours(1));

        assertThat(detector.stalledShards()).isEmpty();
    }
}
