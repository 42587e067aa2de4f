package io.scanpipeline.sink.hec;

import java.util.List;

/**
 * The final outcome of a batch: every event was either delivered (indexed, when acks are on) or dead-lettered
 * with a reason. A batch that reaches neither state completes exceptionally with a {@link HecException} instead.
 *
 * @param batch       the batch
 * @param deadLetters events Splunk rejected for good, in batch order
 * @param requests    HTTP requests it took (retries, splits and resends included)
 */
public record HecDelivery(HecBatch batch, List<HecDeadLetter> deadLetters, int requests) {

    /** The outcome in one word. */
    public enum Status {
        /** Every event delivered. */
        DELIVERED,
        /** Some events delivered, the others dead-lettered. */
        PARTIALLY_DEAD_LETTERED,
        /** Every event dead-lettered. */
        DEAD_LETTERED
    }

    public HecDelivery {
        deadLetters = List.copyOf(deadLetters);
    }

    public Status status() {
        if (deadLetters.isEmpty()) {
            return Status.DELIVERED;
        }
        return deadLetters.size() == batch.size() ? Status.DEAD_LETTERED : Status.PARTIALLY_DEAD_LETTERED;
    }

    /** Whether the event at {@code index} of the batch was delivered (false when dead-lettered). */
    public boolean isDelivered(int index) {
        if (index < 0 || index >= batch.size()) {
            return false;
        }
        for (HecDeadLetter dead : deadLetters) {
            if (dead.index() == index) {
                return false;
            }
        }
        return true;
    }

    public int deliveredCount() {
        return batch.size() - deadLetters.size();
    }
}
