package io.scanpipeline.local.lambda;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a {@link StreamEventSourceMapping}, for a status view: the counters since it started and where each
 * shard stands.
 *
 * @param recordsRead      records read from the stream ({@code GetRecords})
 * @param invocations      function invocations, retries included
 * @param functionErrors   invocations that threw
 * @param partialFailures  invocations that returned valid {@code batchItemFailures}
 * @param invalidResponses invocations whose {@code batchItemFailures} named no record of the batch (whole batch
 *                         failed)
 * @param retries          invocations that delivered records again after a failure (bisected halves included)
 * @param bisections       failed batches split in two
 * @param discardedBatches batches given up on (sent to the on-failure destination)
 * @param discardedRecords records in those batches
 * @param shards           one entry per shard, in the order they were found
 */
public record MappingStatus(
        String streamArn,
        String functionName,
        boolean running,
        long recordsRead,
        long invocations,
        long functionErrors,
        long partialFailures,
        long invalidResponses,
        long retries,
        long bisections,
        long discardedBatches,
        long discardedRecords,
        List<ShardStatus> shards) {

    public MappingStatus {
        shards = List.copyOf(shards);
    }

    /**
     * Where one shard stands.
     *
     * @param state                       {@code WAITING_FOR_PARENT}, {@code POLLING}, {@code ENDED} (read to the end
     *                                    of a closed shard) or {@code STOPPED}
     * @param lastProcessedSequenceNumber the last record done with (processed or discarded), null before the first;
     *                                    a new mapping resumes after it
     * @param recordsProcessed            records done with, discarded ones included
     * @param bufferedRecords             records read but not yet done with
     * @param iteratorAgeMillis           measured when the last batch was done: that time minus the approximate
     *                                    creation time of the batch's last record, as Lambda's IteratorAge metric is
     *                                    (so a caught-up, idle shard does not seem to fall behind); null before the
     *                                    first batch
     * @param lastProcessedCreationTime   the approximate creation time of the last record done with, for a view
     *                                    that prefers "now minus that"; null before the first
     */
    public record ShardStatus(
            String shardId,
            String state,
            String lastProcessedSequenceNumber,
            long recordsProcessed,
            int bufferedRecords,
            Long iteratorAgeMillis,
            Instant lastProcessedCreationTime) {}

    /** The largest iterator age over the shards (0 when no batch was done yet). */
    public long maxIteratorAgeMillis() {
        return shards.stream()
                .map(ShardStatus::iteratorAgeMillis)
                .filter(age -> age != null)
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
    }
}
