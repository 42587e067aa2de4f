package io.scanpipeline.sink.kcl;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.hec.HecClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every shard processor of one worker shares.
 *
 * @param hec                the HEC client
 * @param deadLetters        where undeliverable records go
 * @param mapper             envelope to HEC event
 * @param selector           which records to send ({@link RecordSelector#ALL} but in a replay)
 * @param stats              counters
 * @param health             authentication state and alarm
 * @param timer              for redelivery of failed batches
 * @param maxInFlightEvents  per shard bound of records held ({@code MAX_IN_FLIGHT_EVENTS})
 * @param checkpointInterval least time between two checkpoints of a shard ({@code CHECKPOINT_INTERVAL})
 * @param redeliveryInterval wait before resending a batch the HEC client gave up on ({@code REDELIVERY_INTERVAL})
 * @param drainTimeout       how long a graceful shutdown waits for records in flight ({@code SHUTDOWN_DRAIN_TIMEOUT})
 * @param clock              time source
 * @param log                log lines
 */
public record ProcessorContext(
        HecClient hec,
        DeadLetters deadLetters,
        HecEventMapper mapper,
        RecordSelector selector,
        SinkStats stats,
        DeliveryHealth health,
        ScheduledExecutorService timer,
        int maxInFlightEvents,
        Duration checkpointInterval,
        Duration redeliveryInterval,
        Duration drainTimeout,
        Clock clock,
        StructuredLog log) {

    public ProcessorContext {
        Objects.requireNonNull(hec, "hec");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
    }
}
