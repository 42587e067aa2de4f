package io.scanpipeline.sink.kcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.hec.HecAuthException;
import io.scanpipeline.sink.hec.HecBatch;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.hec.HecClosedException;
import io.scanpipeline.sink.hec.HecDeadLetter;
import io.scanpipeline.sink.hec.HecDelivery;
import io.scanpipeline.sink.hec.HecEvent;
import io.scanpipeline.sink.hec.HecIndexException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the records of one shard and confirms them to its {@link CheckpointTracker} only when they are done:
 * indexed by Splunk, or stored as a dead letter. No KCL types: the processor hands it positions and events.
 *
 * <p>Events are collected into HEC batches; a full batch is sent at once, the rest on {@link #flush()}. A batch the
 * HEC client gives up on ({@link HecAuthException}, retries exhausted, an unexpected answer) is kept and sent again
 * every {@code redeliveryInterval}, for ever: its records stay unconfirmed, the tracker fills up, and the shard stops
 * reading (backpressure) rather than dropping or skipping anything.
 */
public final class ShardDelivery {

    /** Kinesis facts about a record that a dead letter keeps. */
    public record RecordInfo(SequencePosition position, String partitionKey, Instant arrivalTime) {}

    private record Pending(HecBatch batch, List<RecordInfo> records) {}

    private final String shardId;
    private final CheckpointTracker tracker;
    private final HecClient hec;
    private final DeadLetters deadLetters;
    private final SinkStats stats;
    private final DeliveryHealth health;
    private final ScheduledExecutorService timer;
    private final Duration redeliveryInterval;
    private final StructuredLog log;
    private HecBatch.Builder open;
    private List<RecordInfo> openRecords = new ArrayList<>();
    private final List<DeadLetter> unreadable = new ArrayList<>();
    private volatile boolean closed;

    public ShardDelivery(
            String shardId,
            CheckpointTracker tracker,
            HecClient hec,
            DeadLetters deadLetters,
            SinkStats stats,
            DeliveryHealth health,
            ScheduledExecutorService timer,
            Duration redeliveryInterval,
            StructuredLog log) {
        this.shardId = shardId;
        this.tracker = tracker;
        this.hec = hec;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.health = health;
        this.timer = timer;
        this.redeliveryInterval = redeliveryInterval;
        this.log = log;
    }

    /**
     * Tracks the record and adds its event to the open batch, sending the batch when full. While the tracker is
     * full it first sends what is open, then waits for room. An event that cannot be encoded is dead-lettered with
     * the record's {@code data} instead.
     *
     * @return false when the lease was lost meanwhile: stop processing
     */
    public boolean offer(RecordInfo record, HecEvent event, byte[] data) throws InterruptedException {
        if (!reserve(record.position())) {
            return false;
        }
        try {
            if (open == null) {
                open = hec.newBatch(shardId + "@" + record.position());
            }
            if (!open.add(event)) {
                sendOpen();
                open = hec.newBatch(shardId + "@" + record.position());
                open.add(event);
            }
        } catch (RuntimeException e) {
            // encoding failed (the batch is unchanged): the event cannot be written, the record's fault
            unreadable.add(unmappable(shardId, record, data, e));
            return true;
        }
        openRecords.add(record);
        return true;
    }

    /** The dead letter of a record whose envelope could not be made into a HEC event. */
    public static DeadLetter unmappable(String shardId, RecordInfo record, byte[] data, RuntimeException error) {
        return new DeadLetter(
                DeadLetter.Stage.MAP,
                "cannot make a HEC event of the envelope: " + error,
                null,
                null,
                shardId,
                record.position(),
                record.partitionKey(),
                record.arrivalTime(),
                null,
                data);
    }

    /** Tracks a record that is not an envelope; it is written as a dead letter on {@link #flush()}. */
    public boolean offerUnreadable(DeadLetter letter) throws InterruptedException {
        if (!reserve(letter.position())) {
            return false;
        }
        unreadable.add(letter);
        return true;
    }

    /** Tracks a record that is not to be sent and confirms it at once. */
    public boolean skip(SequencePosition position) throws InterruptedException {
        if (!reserve(position)) {
            return false;
        }
        tracker.confirm(position);
        stats.skipped(1);
        return true;
    }

    /** Sends the open batch and writes the collected unreadable records. */
    public void flush() throws InterruptedException {
        sendOpen();
        if (!unreadable.isEmpty()) {
            writeDeadLetters(new ArrayList<>(unreadable));
            unreadable.clear();
        }
    }

    /** Stops resending (the lease is gone or the worker stops); outcomes still arriving are ignored by the tracker. */
    public void close() {
        closed = true;
    }

    private boolean reserve(SequencePosition position) throws InterruptedException {
        while (!tracker.hasRoom()) {
            flush();
            if (!tracker.awaitRoom(Duration.ofSeconds(1)) && tracker.isCleared()) {
                return false;
            }
        }
        return tracker.add(position);
    }

    private void sendOpen() throws InterruptedException {
        if (open == null || open.isEmpty()) {
            return;
        }
        Pending pending = new Pending(open.build(), List.copyOf(openRecords));
        open = null;
        openRecords = new ArrayList<>();
        CompletableFuture<HecDelivery> outcome;
        try {
            outcome = hec.send(pending.batch());
        } catch (RuntimeException e) {
            // the records are tracked already: a failure here must come back as one to resend, never be thrown
            outcome = CompletableFuture.failedFuture(e);
        }
        watch(pending, outcome);
    }

    private void watch(Pending pending, CompletableFuture<HecDelivery> outcome) {
        outcome.whenComplete((delivery, error) -> {
            if (error == null) {
                delivered(pending, delivery);
            } else {
                failed(
                        pending,
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        });
    }

    private void delivered(Pending pending, HecDelivery delivery) {
        health.delivered();
        int count = 0;
        for (int i = 0; i < pending.records().size(); i++) {
            if (delivery.isDelivered(i)) {
                tracker.confirm(pending.records().get(i).position());
                count++;
            }
        }
        stats.delivered(count);
        if (!delivery.deadLetters().isEmpty()) {
            List<DeadLetter> letters = new ArrayList<>();
            for (HecDeadLetter rejected : delivery.deadLetters()) {
                RecordInfo record = pending.records().get(rejected.index());
                JsonNode event = rejected.event().eventTree();
                letters.add(new DeadLetter(
                        DeadLetter.Stage.HEC,
                        rejected.reason(),
                        rejected.httpStatus(),
                        rejected.code(),
                        shardId,
                        record.position(),
                        record.partitionKey(),
                        record.arrivalTime(),
                        event instanceof ObjectNode envelope ? envelope : null,
                        event instanceof ObjectNode
                                ? null
                                : String.valueOf(event).getBytes(StandardCharsets.UTF_8)));
            }
            writeDeadLetters(letters);
        }
    }

    private void writeDeadLetters(List<DeadLetter> letters) {
        CompletableFuture<String> stored;
        try {
            stored = deadLetters.write(shardId, letters);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((key, error) -> {
            if (error == null) {
                // only now are they safe: confirming earlier could checkpoint past a record that exists nowhere
                letters.forEach(letter -> tracker.confirm(letter.position()));
                stats.deadLettered(letters.size());
            } else {
                // unconfirmed, so never checkpointed past; try again later
                log.error(
                        "dead_letter_write_failed",
                        Map.of(
                                "shardId",
                                shardId,
                                "letters",
                                letters.size(),
                                "error",
                                String.valueOf(error),
                                "retryInMs",
                                redeliveryInterval.toMillis()));
                if (!closed) {
                    try {
                        timer.schedule(
                                () -> writeDeadLetters(letters), redeliveryInterval.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException stopping) {
                        // shutting down: read again after a restart
                    }
                }
            }
        });
    }

    private void failed(Pending pending, Throwable error) {
        if (closed || error instanceof HecClosedException) {
            return; // unconfirmed: the next owner of the shard reads these records again
        }
        stats.hecBatchFailed();
        if (error instanceof HecAuthException) {
            health.authFailed(error.getMessage());
        } else if (error instanceof HecIndexException) {
            health.indexRefused(error.getMessage());
        } else {
            log.error(
                    "hec_batch_failed",
                    Map.of(
                            "shardId",
                            shardId,
                            "batch",
                            pending.batch().id(),
                            "events",
                            pending.batch().size(),
                            "error",
                            String.valueOf(error),
                            "retryInMs",
                            redeliveryInterval.toMillis()));
        }
        schedule(pending, redeliveryInterval);
    }

    private void schedule(Pending pending, Duration delay) {
        try {
            timer.schedule(() -> resend(pending), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the worker is shutting down: the records stay unconfirmed and are read again after a restart
        }
    }

    private void resend(Pending pending) {
        if (closed) {
            return;
        }
        // the timer thread must not block on the client's in-flight bound: try again shortly when it is full
        hec.trySend(pending.batch())
                .ifPresentOrElse(outcome -> watch(pending, outcome), () -> schedule(pending, Duration.ofMillis(500)));
    }
}
