package io.scanpipeline.sink.kcl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the sink, shared by the shard processors, read by the progress line, the health endpoint and the
 * replay's stop condition.
 */
public final class SinkStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder checkpoints = new LongAdder();
    private final LongAdder hecBatchFailures = new LongAdder();
    private final LongAdder processingFailures = new LongAdder();
    private final Map<String, ShardState> shards = new ConcurrentHashMap<>();

    /** What is known of one shard this worker holds or held. */
    public static final class ShardState {
        private volatile long millisBehindLatest = -1;
        private volatile boolean atTip;
        private volatile boolean finished;
        private volatile boolean owned = true;
        private volatile String checkpoint;
        private volatile CheckpointTracker tracker;

        /** Last {@code millisBehindLatest} from Kinesis; -1 before the first read. */
        public long millisBehindLatest() {
            return millisBehindLatest;
        }

        /** Whether the last read returned no records and {@code millisBehindLatest} 0. */
        public boolean atTip() {
            return atTip;
        }

        /** Whether the shard needs no more work from this worker (ended, or past a replay's end). */
        public boolean finished() {
            return finished;
        }

        /** Whether this worker has started a processor for the shard (KCL fetches its records from then on). */
        public boolean started() {
            return tracker != null;
        }

        /** Whether this worker holds the shard's lease. */
        public boolean owned() {
            return owned;
        }

        /** The last checkpoint stored, or null. */
        public String checkpoint() {
            return checkpoint;
        }

        /** Records of the shard confirmed so far (Splunk indexed them or their dead letter was stored). */
        public long confirmations() {
            CheckpointTracker current = tracker;
            return current == null ? 0 : current.confirmations();
        }

        /** The first record of the shard not confirmed yet, if any. */
        public java.util.Optional<SequencePosition> oldestUnconfirmed() {
            CheckpointTracker current = tracker;
            return current == null ? java.util.Optional.empty() : current.oldestUnconfirmed();
        }

        /** Records of the shard held in this worker (in flight or waiting behind one in flight). */
        public int inFlight() {
            CheckpointTracker current = tracker;
            return current == null ? 0 : current.size();
        }
    }

    /** The state of {@code shardId}, created on first use. */
    public ShardState shard(String shardId) {
        return shards.computeIfAbsent(shardId, id -> new ShardState());
    }

    void shardStarted(String shardId, CheckpointTracker tracker) {
        ShardState state = shard(shardId);
        state.tracker = tracker;
        state.owned = true;
        state.finished = false;
        state.atTip = false;
    }

    void shardRead(String shardId, Long millisBehindLatest, boolean empty) {
        ShardState state = shard(shardId);
        long behind = millisBehindLatest == null ? -1 : millisBehindLatest;
        state.millisBehindLatest = behind;
        state.atTip = empty && behind == 0;
    }

    void shardFinished(String shardId) {
        shard(shardId).finished = true;
    }

    void shardReleased(String shardId) {
        shard(shardId).owned = false;
    }

    void checkpointed(String shardId, String position) {
        shard(shardId).checkpoint = position;
        checkpoints.increment();
    }

    void received(int records) {
        received.add(records);
    }

    void delivered(int events) {
        delivered.add(events);
    }

    void deadLettered(int records) {
        deadLettered.add(records);
    }

    void skipped(int records) {
        skipped.add(records);
    }

    void hecBatchFailed() {
        hecBatchFailures.increment();
    }

    void processingFailed() {
        processingFailures.increment();
    }

    /** Batches the HEC client gave up on (kept and resent after {@code REDELIVERY_INTERVAL}). */
    public long hecBatchFailures() {
        return hecBatchFailures.sum();
    }

    /** {@code processRecords} calls that failed for a reason not the record's (the records wait for the next call). */
    public long processingFailures() {
        return processingFailures.sum();
    }

    /** Records read from Kinesis. */
    public long received() {
        return received.sum();
    }

    /** Events Splunk confirmed. */
    public long delivered() {
        return delivered.sum();
    }

    /** Records stored as dead letters. */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Records a replay read but did not send (outside its window). */
    public long skipped() {
        return skipped.sum();
    }

    /** Checkpoints stored. */
    public long checkpoints() {
        return checkpoints.sum();
    }

    /** Records held in flight over all shards of this worker. */
    public int inFlight() {
        return shards.values().stream()
                .filter(ShardState::owned)
                .mapToInt(ShardState::inFlight)
                .sum();
    }

    /** A snapshot of the shard states by shard id. */
    public Map<String, ShardState> shards() {
        return new TreeMap<>(shards);
    }
}
