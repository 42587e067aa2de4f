package io.scanpipeline.forwarder;

import java.util.List;

/**
 * The outcome of one batch.
 *
 * @param failedSequenceNumbers the stream sequence numbers to report as batch item failures, in event order: the
 *                              first record that was not handled and every record after it; empty when all were
 * @param stats                 the counts of the invocation
 * @param failureReason         why the first failed record failed, or null
 */
public record ForwardResult(List<String> failedSequenceNumbers, InvocationStats stats, String failureReason) {

    public ForwardResult {
        failedSequenceNumbers = List.copyOf(failedSequenceNumbers);
    }
}
