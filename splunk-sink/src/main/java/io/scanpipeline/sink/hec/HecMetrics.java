package io.scanpipeline.sink.hec;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Counters of a {@link HecClient}; read them with {@link HecClient#metrics()}. */
final class HecMetrics {

    private final LongAdder batches = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private final LongAdder eventsDelivered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder ackTimeouts = new LongAdder();
    private final LongAdder eventsDeadLettered = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder tooLargeSplits = new LongAdder();
    private final LongAdder indexErrors = new LongAdder();
    private final IntSupplier acksPending;
    private final IntSupplier inFlightEvents;
    private final LongSupplier ackIdReuses;
    private final IntSupplier inFlightBytes;

    HecMetrics(
            IntSupplier acksPending, LongSupplier ackIdReuses, IntSupplier inFlightEvents, IntSupplier inFlightBytes) {
        this.acksPending = acksPending;
        this.ackIdReuses = ackIdReuses;
        this.inFlightEvents = inFlightEvents;
        this.inFlightBytes = inFlightBytes;
    }

    void splitTooLarge() {
        tooLargeSplits.increment();
    }

    void indexRefused() {
        indexErrors.increment();
    }

    void batchAccepted() {
        batches.increment();
    }

    void requestSent(int events) {
        requests.increment();
        eventsSent.add(events);
    }

    void delivered(int events) {
        eventsDelivered.add(events);
    }

    void retried() {
        retries.increment();
    }

    void ackTimedOut() {
        ackTimeouts.increment();
    }

    void deadLettered() {
        eventsDeadLettered.increment();
    }

    void authFailed() {
        authFailures.increment();
    }

    HecMetricsSnapshot snapshot() {
        return new HecMetricsSnapshot(
                batches.sum(),
                requests.sum(),
                eventsSent.sum(),
                eventsDelivered.sum(),
                retries.sum(),
                ackTimeouts.sum(),
                eventsDeadLettered.sum(),
                authFailures.sum(),
                acksPending.getAsInt(),
                inFlightEvents.getAsInt(),
                ackIdReuses.getAsLong(),
                tooLargeSplits.sum(),
                indexErrors.sum(),
                inFlightBytes.getAsInt());
    }
}
