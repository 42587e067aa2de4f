package io.scanpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * What one invocation of a stream function came to, read the way Lambda reads a stream function's result.
 */
sealed interface InvocationOutcome {

    /** Every record of the batch is processed. */
    record Success() implements InvocationOutcome {}

    /**
     * The function reported batch item failures: the records before {@code index} are processed, the batch is
     * retried from the record at {@code index} (the lowest reported sequence number).
     */
    record PartialFailure(int index, String sequenceNumber) implements InvocationOutcome {}

    /**
     * The whole batch failed: the function threw ({@code errorType} is the exception class), or its
     * {@code batchItemFailures} could not be honoured ({@code errorType} {@value #INVALID_RESPONSE}).
     */
    record Failure(String errorType, String errorMessage) implements InvocationOutcome {}

    /** The error type of a response whose batch item failures name no record of the batch. */
    String INVALID_RESPONSE = "InvalidBatchItemFailures";

    /**
     * Reads a function's response as Lambda does: with {@code reportBatchItemFailures} off, or with a null response
     * or a null or empty failure list, the batch succeeded. Otherwise the lowest reported sequence number is where
     * the batch is retried from; a null entry, an empty or null {@code itemIdentifier}, or one that is not a sequence
     * number of this batch fails the whole batch.
     */
    static InvocationOutcome of(StreamsEventResponse response, List<Record> batch, boolean reportBatchItemFailures) {
        if (!reportBatchItemFailures
                || response == null
                || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return new Success();
        }
        int lowest = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return new Failure(
                        INVALID_RESPONSE,
                        "batchItemFailures holds an entry without itemIdentifier;"
                                + " the whole batch counts as failed");
            }
            int index = indexOf(batch, id);
            if (index < 0) {
                return new Failure(
                        INVALID_RESPONSE,
                        "batchItemFailures names itemIdentifier '" + id
                                + "', which is not a sequence number of this batch; the whole batch counts as failed");
            }
            lowest = Math.min(lowest, index);
        }
        return new PartialFailure(lowest, batch.get(lowest).dynamodb().sequenceNumber());
    }

    private static int indexOf(List<Record> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (sequenceNumber.equals(batch.get(i).dynamodb().sequenceNumber())) {
                return i;
            }
        }
        return -1;
    }
}
