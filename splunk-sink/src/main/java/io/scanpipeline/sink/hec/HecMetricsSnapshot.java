package io.scanpipeline.sink.hec;

/**
 * The client's counters at one moment.
 *
 * @param batches            batches accepted by {@link HecClient#send}
 * @param requests           HTTP data requests sent (retries and resends included)
 * @param eventsSent         events in those requests (an event resent twice counts twice)
 * @param eventsDelivered    events confirmed (HTTP 200 code 0, or ack true with acks on)
 * @param retries            retries after a retryable failure (429, 5xx, I/O error, timeout)
 * @param ackTimeouts        requests resent because their ack stayed false past {@code HEC_ACK_TIMEOUT}
 * @param eventsDeadLettered events rejected for good
 * @param authFailures       batches stopped by an authentication failure
 * @param acksPending        ackIds being polled now
 * @param inFlightEvents     events accepted and not yet resolved now
 * @param ackIdReuses        ackIds seen issued twice on one channel (indexer restart, balancer without stickiness)
 * @param tooLargeSplits     requests answered HTTP 413 and split in halves
 * @param indexErrors        batches stopped because HEC refused the sink's own index ({@code HEC_INDEX}, code 7):
 *                           a configuration error to alarm on
 * @param inFlightBytes      uncompressed bytes of the events accepted and not yet resolved now
 */
public record HecMetricsSnapshot(
        long batches,
        long requests,
        long eventsSent,
        long eventsDelivered,
        long retries,
        long ackTimeouts,
        long eventsDeadLettered,
        long authFailures,
        int acksPending,
        int inFlightEvents,
        long ackIdReuses,
        long tooLargeSplits,
        long indexErrors,
        int inFlightBytes) {

    /** One line for a progress display, e.g. {@code hec sent=1000 delivered=990 retried=3 ...}. */
    public String progressLine() {
        return "hec sent=" + eventsSent + " delivered=" + eventsDelivered + " retried=" + retries
                + " ackTimeouts=" + ackTimeouts + " deadLettered=" + eventsDeadLettered + " authFailures="
                + authFailures + " acksPending=" + acksPending + " inFlight=" + inFlightEvents + " inFlightBytes="
                + inFlightBytes + " ackIdReuses=" + ackIdReuses + " tooLargeSplits=" + tooLargeSplits
                + " indexErrors=" + indexErrors;
    }
}
