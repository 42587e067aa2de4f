package io.scanpipeline.sink.kcl;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.EncodedEnvelope;
import io.scanpipeline.core.EnvelopeFormatException;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.hec.HecEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KCL glue for one shard: reads each record as a {@link ChangeEnvelope} ({@link ChangeEnvelopeCodec#readEncoded}:
 * checked, its item images left as the record's bytes), hands its event to {@link ShardDelivery}, and
 * checkpoints only what the {@link CheckpointTracker} says Splunk (or the dead-letter store) confirmed.
 *
 * <ul>
 *   <li>An unreadable record becomes a dead letter with the decoder's reason; it is never dropped. So does an
 *       envelope that cannot become a HEC event (stage {@code map}, e.g. a time beyond HEC's epoch milliseconds).</li>
 *   <li>Any other failure (not the record's) is never thrown to KCL, which would drop the rest of the batch: the
 *       records not handled yet stay in a backlog and are handled, in order, before the next ones.</li>
 *   <li>{@code processRecords} blocks while the shard's in-flight bound is reached (backpressure). It is also called
 *       for empty reads, which is when confirmations that arrived meanwhile get checkpointed.</li>
 *   <li>{@code leaseLost}: forget everything, checkpoint nothing (another worker owns the shard now).</li>
 *   <li>{@code shardEnded}: wait for every record in flight, then checkpoint the shard's end, which lets KCL start its
 *       children. It waits as long as it takes: checkpointing the end early would lose what is still in flight.</li>
 *   <li>{@code shutdownRequested}: send what is open, wait up to the drain timeout, checkpoint what was confirmed.</li>
 * </ul>
 */
public final class SplunkRecordProcessor implements ShardRecordProcessor {

    private final ProcessorContext ctx;
    private String shardId;
    private CheckpointTracker tracker;
    private ShardDelivery delivery;
    private final ArrayDeque<KinesisClientRecord> backlog = new ArrayDeque<>();
    private SequencePosition pendingCheckpoint;
    private Instant lastCheckpoint = Instant.MIN;
    private boolean ended;

    public SplunkRecordProcessor(ProcessorContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        tracker = new CheckpointTracker(ctx.maxInFlightEvents());
        delivery = new ShardDelivery(
                shardId,
                tracker,
                ctx.hec(),
                ctx.deadLetters(),
                ctx.stats(),
                ctx.health(),
                ctx.timer(),
                ctx.redeliveryInterval(),
                ctx.log());
        ctx.stats().shardStarted(shardId, tracker);
        ctx.log()
                .info(
                        "shard_started",
                        Map.of("shardId", shardId, "from", String.valueOf(input.extendedSequenceNumber())));
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        ctx.stats()
                .shardRead(shardId, input.millisBehindLatest(), input.records().isEmpty());
        ctx.stats().received(input.records().size());
        // KCL drops whatever a failed call did not handle and hands over the next records; so nothing is thrown from
        // here: the records not yet handled wait in the backlog, ahead of the next ones, and are never passed by a
        // checkpoint (the tracker only holds what was handled, all of it before the backlog).
        backlog.addAll(input.records());
        try {
            boolean owned;
            try {
                owned = drainBacklog();
            } catch (RuntimeException e) {
                delivery.flush(); // what was handled before the failure goes out now
                processingFailed(e);
                owned = !tracker.isCleared();
            }
            if (!owned) {
                return; // lease lost while waiting for room
            }
            delivery.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        checkpoint(input.checkpointer(), false);
    }

    /** Handles the backlog in order; a record leaves it only once handled. */
    private boolean drainBacklog() throws InterruptedException {
        while (!backlog.isEmpty()) {
            if (!handle(backlog.peekFirst())) {
                return false;
            }
            backlog.pollFirst();
        }
        return true;
    }

    /**
     * A failure that is not the record's (its own faults become dead letters in {@link #handle}): keep the backlog
     * for the next call after a pause, alarm, and block here while the backlog exceeds the in-flight bound, so that
     * it cannot grow without end.
     */
    private void processingFailed(RuntimeException e) {
        ctx.stats().processingFailed();
        KinesisClientRecord first = backlog.peekFirst();
        ctx.log()
                .error(
                        "process_records_failed",
                        Map.of(
                                "shardId",
                                shardId,
                                "alarm",
                                true,
                                "position",
                                first == null
                                        ? "none"
                                        : SequencePosition.of(first.sequenceNumber(), first.subSequenceNumber())
                                                .toString(),
                                "waiting",
                                backlog.size(),
                                "retryInMs",
                                ctx.redeliveryInterval().toMillis(),
                                "error",
                                String.valueOf(e)));
        try {
            Thread.sleep(ctx.redeliveryInterval().toMillis());
            while (backlog.size() > ctx.maxInFlightEvents() && !tracker.isCleared()) {
                try {
                    drainBacklog();
                } catch (RuntimeException again) {
                    ctx.log()
                            .error(
                                    "process_records_failed",
                                    Map.of(
                                            "shardId",
                                            shardId,
                                            "alarm",
                                            true,
                                            "waiting",
                                            backlog.size(),
                                            "error",
                                            String.valueOf(again)));
                    Thread.sleep(ctx.redeliveryInterval().toMillis());
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean handle(KinesisClientRecord record) throws InterruptedException {
        SequencePosition position = SequencePosition.of(record.sequenceNumber(), record.subSequenceNumber());
        Instant arrival = record.approximateArrivalTimestamp();
        RecordSelector.Decision decision =
                ended ? RecordSelector.Decision.END : ctx.selector().decide(shardId, position, arrival);
        if (decision != RecordSelector.Decision.SEND) {
            if (decision == RecordSelector.Decision.END && !ended) {
                ended = true;
                ctx.stats().shardFinished(shardId);
            }
            return delivery.skip(position);
        }
        byte[] data = bytes(record.data());
        ShardDelivery.RecordInfo info = new ShardDelivery.RecordInfo(position, record.partitionKey(), arrival);
        EncodedEnvelope envelope;
        try {
            // checked as strictly as fromBytes, but the images stay bytes: the event carries the record as it is
            envelope = ChangeEnvelopeCodec.readEncoded(data);
        } catch (EnvelopeFormatException e) {
            return delivery.offerUnreadable(new DeadLetter(
                    DeadLetter.Stage.DECODE,
                    e.getMessage(),
                    null,
                    null,
                    shardId,
                    position,
                    record.partitionKey(),
                    arrival,
                    null,
                    data));
        }
        HecEvent event;
        try {
            event = ctx.mapper().map(envelope, arrival);
        } catch (RuntimeException e) {
            // a readable envelope that still cannot become an event is the record's fault: dead-letter it
            return delivery.offerUnreadable(ShardDelivery.unmappable(shardId, info, data, e));
        }
        return delivery.offer(info, event, data);
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        tracker.clear();
        delivery.close();
        ctx.stats().shardReleased(shardId);
        ctx.log().info("shard_lease_lost", Map.of("shardId", shardId));
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        try {
            delivery.flush();
            while (!tracker.awaitEmpty(Duration.ofSeconds(30))) {
                if (tracker.isCleared()) {
                    return;
                }
                ctx.log()
                        .warn(
                                "shard_end_waiting",
                                Map.of(
                                        "shardId",
                                        shardId,
                                        "inFlight",
                                        tracker.size(),
                                        "oldest",
                                        String.valueOf(
                                                tracker.oldestUnconfirmed().orElse(null))));
            }
            input.checkpointer().checkpoint();
            ctx.stats().checkpointed(shardId, "SHARD_END");
            ctx.stats().shardFinished(shardId);
            ctx.log().info("shard_ended", Map.of("shardId", shardId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ShutdownException
                | InvalidStateException
                | KinesisClientLibDependencyException
                | ThrottlingException e) {
            // KCL calls shardEnded again for a shard whose end was not checkpointed
            ctx.log().error("shard_end_checkpoint_failed", Map.of("shardId", shardId, "error", String.valueOf(e)));
        }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        try {
            delivery.flush();
            boolean drained = tracker.awaitEmpty(ctx.drainTimeout());
            checkpoint(input.checkpointer(), true);
            ctx.log()
                    .info("shard_shutdown", Map.of("shardId", shardId, "drained", drained, "inFlight", tracker.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delivery.close();
        }
    }

    /** Stores the end of the confirmed run, at most once per checkpoint interval unless {@code force}. */
    private void checkpoint(RecordProcessorCheckpointer checkpointer, boolean force) {
        tracker.takeCheckpoint().ifPresent(position -> pendingCheckpoint = position);
        Instant now = ctx.clock().instant();
        if (pendingCheckpoint == null
                || !force && lastCheckpoint.plus(ctx.checkpointInterval()).isAfter(now)) {
            return;
        }
        SequencePosition position = pendingCheckpoint;
        try {
            checkpointer.checkpoint(position.sequenceText(), position.subSequenceNumber());
            pendingCheckpoint = null;
            lastCheckpoint = now;
            ctx.stats().checkpointed(shardId, position.toString());
        } catch (ThrottlingException | KinesisClientLibDependencyException e) {
            ctx.log().warn("checkpoint_retry_later", Map.of("shardId", shardId, "error", String.valueOf(e)));
        } catch (ShutdownException e) {
            tracker.clear();
        } catch (InvalidStateException e) {
            ctx.log().error("checkpoint_failed", Map.of("shardId", shardId, "error", String.valueOf(e)));
        }
    }

    private static byte[] bytes(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
