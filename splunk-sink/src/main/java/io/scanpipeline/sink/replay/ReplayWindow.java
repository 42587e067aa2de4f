package io.scanpipeline.sink.replay;

import io.scanpipeline.sink.kcl.RecordSelector;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.time.Instant;
import java.util.Map;

/**
 * Which records a replay sends. KCL positions new leases at TRIM_HORIZON or AT_TIMESTAMP; this window adds what KCL
 * cannot express:
 * <ul>
 *   <li>{@code until}: a record that arrived after it ends its shard (it and every later record are skipped).</li>
 *   <li>{@code fromSequence}: per shard, the first sequence number to send; earlier records of that shard are
 *       skipped, and shards not named are not replayed at all ({@code AT_SEQUENCE_NUMBER}). Null when the replay
 *       starts by position or time.</li>
 * </ul>
 *
 * @param until        last arrival time to send (inclusive), or null for "to the tip"
 * @param fromSequence first sequence number to send per shard, or null
 */
public record ReplayWindow(Instant until, Map<String, SequencePosition> fromSequence) implements RecordSelector {

    public ReplayWindow {
        fromSequence = fromSequence == null ? null : Map.copyOf(fromSequence);
    }

    @Override
    public Decision decide(String shardId, SequencePosition position, Instant arrival) {
        if (until != null && arrival != null && arrival.isAfter(until)) {
            return Decision.END;
        }
        if (fromSequence != null) {
            SequencePosition first = fromSequence.get(shardId);
            if (first == null) {
                return Decision.END;
            }
            if (position.sequenceNumber().compareTo(first.sequenceNumber()) < 0) {
                return Decision.SKIP;
            }
        }
        return Decision.SEND;
    }
}
