package io.scanpipeline.sink.kcl;

import java.time.Instant;

/**
 * Decides, record by record, what a shard processor does with a record. The sink sends everything
 * ({@link #ALL}); a replay sends only the records of its window.
 */
@FunctionalInterface
public interface RecordSelector {

    /** What to do with one record. */
    enum Decision {
        /** Send it to Splunk. */
        SEND,
        /** Do not send it; it counts as done, so the checkpoint moves past it. */
        SKIP,
        /** Do not send it nor any later record of the shard: the shard is finished. */
        END
    }

    /** Sends every record. */
    RecordSelector ALL = (shardId, position, arrival) -> Decision.SEND;

    /**
     * @param shardId  the shard
     * @param position the record's position in the shard
     * @param arrival  when Kinesis received it (may be null)
     */
    Decision decide(String shardId, SequencePosition position, Instant arrival);
}
