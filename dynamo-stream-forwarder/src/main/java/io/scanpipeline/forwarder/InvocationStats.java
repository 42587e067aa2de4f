package io.scanpipeline.forwarder;

/**
 * Counts of one invocation, logged and emitted as metrics by {@link ForwarderMetrics}.
 *
 * @param recordsIn          stream records in the event
 * @param published          records Kinesis accepted (a record accepted after the first failure is counted here
 *                           and also reported as failed, so it is sent again on the retry)
 * @param filtered           records left out by the filters (processed, not failures)
 * @param retried            entries resent to Kinesis after a failed entry or call
 * @param failed             records reported as batch item failures
 * @param quarantined        records written to the quarantine
 * @param iteratorAgeMillis  now minus the oldest ApproximateCreationDateTime in the event, or null when no record
 *                           carries one
 */
public record InvocationStats(
        int recordsIn, int published, int filtered, int retried, int failed, int quarantined, Long iteratorAgeMillis) {}
