package io.scanpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.scanpipeline.core.StructuredLog;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Invokes the function with one batch of one shard until every record is processed or discarded, with Lambda's
 * error handling for stream sources:
 * <ul>
 *   <li>A function error retries the batch; with {@code bisectBatchOnFunctionError} a batch of two or more records
 *       is split in halves first, the first half delivered (and split again if need be) before the second. Splitting
 *       does not use up retry attempts; each half keeps the attempts of the batch it came from.</li>
 *   <li>{@code batchItemFailures} (valid ones, see {@link InvocationOutcome}) mark the records before the lowest
 *       reported sequence number as processed; the rest is retried from that record. The remaining records are kept
 *       in memory rather than read again. A retry that starts at a later record than the last attempt begins a fresh
 *       retry count: the batch made progress.</li>
 *   <li>After {@code maximumRetryAttempts} retries, or when the first records are older than
 *       {@code maximumRecordAge} (else the stream's 24-hour retention), those records are discarded: one line in the
 *       on-failure file, and the shard moves on.</li>
 *   <li>A batch whose event JSON would exceed Lambda's 6 MB request payload is split before it is sent.</li>
 * </ul>
 * Records are reported to {@link Progress} strictly in stream order. Nothing is invoked once the mapping is
 * stopping; a running invocation is never interrupted.
 */
final class BatchInvocation {

    /** Told about records done with (processed or discarded), in stream order. */
    interface Progress {
        void done(List<Record> records);
    }

    /** Lambda's limit on a synchronous invocation's request payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** DynamoDB Streams keeps records this long; MaximumRecordAge -1 means this. */
    static final Duration STREAM_RETENTION = Duration.ofHours(24);

    private final String streamArn;
    private final LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker;
    private final EventSourceMappingSettings settings;
    private final MappingCounters counters;
    private final OnFailureFile onFailure;
    private final StructuredLog log;
    private final Clock clock;
    private final CountDownLatch stopped;

    /**
     * @param onFailure the on-failure file, or null to only log discarded batches
     * @param stopped   counted down when the mapping closes: no invocation starts after that, waits end early
     */
    BatchInvocation(
            String streamArn,
            LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker,
            EventSourceMappingSettings settings,
            MappingCounters counters,
            OnFailureFile onFailure,
            StructuredLog log,
            Clock clock,
            CountDownLatch stopped) {
        this.streamArn = streamArn;
        this.invoker = invoker;
        this.settings = settings;
        this.counters = counters;
        this.onFailure = onFailure;
        this.log = log;
        this.clock = clock;
        this.stopped = stopped;
    }

    /** Records of a batch with the attempts made on them so far. */
    private record Segment(List<Record> records, int retries, int invocations) {
        Segment part(int from, int to, int retries) {
            return new Segment(records.subList(from, to), retries, invocations);
        }
    }

    /**
     * Invokes the function with {@code batch} (records of {@code shardId}, in order).
     *
     * @return true when every record was processed or discarded; false when the mapping stopped first (the records
     *         not reported to {@code progress} are not done)
     */
    boolean invoke(String shardId, List<Record> batch, Progress progress) throws InterruptedException {
        Deque<Segment> pending = new ArrayDeque<>();
        pending.push(new Segment(List.copyOf(batch), 0, 0));
        while (!pending.isEmpty()) {
            if (stopped.getCount() == 0) {
                return false;
            }
            Segment segment = pending.pop();
            int expired = leadingExpired(segment.records());
            if (expired > 0) {
                if (!discard(
                        shardId,
                        segment.part(0, expired, segment.retries()),
                        DiscardedBatch.RECORD_AGE_EXCEEDED,
                        null,
                        "older than maximumRecordAge " + maxAge(),
                        false,
                        progress)) {
                    return false;
                }
                if (expired < segment.records().size()) {
                    pending.push(segment.part(expired, segment.records().size(), segment.retries()));
                }
                continue;
            }
            String json = DynamoDbEventJson.toJson(segment.records(), streamArn);
            int size = segment.records().size();
            if (size > 1 && json.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                pending.push(segment.part(size / 2, size, segment.retries()));
                pending.push(segment.part(0, size / 2, segment.retries()));
                continue;
            }
            segment = new Segment(segment.records(), segment.retries(), segment.invocations() + 1);
            InvocationOutcome outcome = invoke(json, segment);
            if (outcome instanceof InvocationOutcome.Success) {
                progress.done(segment.records());
            } else if (outcome instanceof InvocationOutcome.PartialFailure partial) {
                counters.partialFailures.incrementAndGet();
                if (partial.index() > 0) {
                    progress.done(segment.records().subList(0, partial.index()));
                }
                Segment rest = segment.part(partial.index(), size, partial.index() > 0 ? 1 : segment.retries() + 1);
                if (!retryOrDiscard(
                        shardId,
                        rest,
                        DiscardedBatch.BATCH_ITEM_FAILURE,
                        "the function reported sequence" + " number " + partial.sequenceNumber() + " as failed",
                        false,
                        pending,
                        progress)) {
                    return false;
                }
            } else if (outcome instanceof InvocationOutcome.Failure failure) {
                boolean thrown = !InvocationOutcome.INVALID_RESPONSE.equals(failure.errorType());
                if (settings.bisectBatchOnFunctionError() && size > 1) {
                    counters.bisections.incrementAndGet();
                    pending.push(segment.part(size / 2, size, segment.retries()));
                    pending.push(segment.part(0, size / 2, segment.retries()));
                } else if (!retryOrDiscard(
                        shardId,
                        segment.part(0, size, segment.retries() + 1),
                        failure.errorType(),
                        failure.errorMessage(),
                        thrown,
                        pending,
                        progress)) {
                    return false;
                }
            }
        }
        return true;
    }

    private InvocationOutcome invoke(String json, Segment segment) {
        counters.invocations.incrementAndGet();
        if (segment.invocations() > 1) {
            counters.retries.incrementAndGet();
        }
        InvocationOutcome outcome;
        try {
            StreamsEventResponse response = invoker.invoke(json);
            outcome = InvocationOutcome.of(response, segment.records(), settings.reportBatchItemFailures());
        } catch (Exception e) {
            outcome = new InvocationOutcome.Failure(e.getClass().getName(), String.valueOf(e.getMessage()));
        } catch (Error e) {
            // The runtime reports an AssertionError or StackOverflowError as a function error too; a JVM that ran
            // out of memory is not something a retry can help.
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw e;
            }
            outcome = new InvocationOutcome.Failure(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
        if (outcome instanceof InvocationOutcome.Failure failure) {
            if (InvocationOutcome.INVALID_RESPONSE.equals(failure.errorType())) {
                counters.invalidResponses.incrementAndGet();
            } else {
                counters.functionErrors.incrementAndGet();
            }
        }
        return outcome;
    }

    /** Queues {@code segment} for another attempt after the backoff, or discards it when its retries are used up. */
    private boolean retryOrDiscard(
            String shardId,
            Segment segment,
            String errorType,
            String message,
            boolean functionError,
            Deque<Segment> pending,
            Progress progress)
            throws InterruptedException {
        int max = settings.maximumRetryAttempts();
        if (max >= 0 && segment.retries() > max) {
            return discard(
                    shardId, segment, DiscardedBatch.RETRIES_EXHAUSTED, errorType, message, functionError, progress);
        }
        log.warn(
                "batch_retry",
                fields(
                        shardId,
                        segment,
                        Map.of("retry", segment.retries(), "errorType", errorType, "errorMessage", message)));
        if (stopped.await(settings.retryDelay(segment.retries()).toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        pending.push(segment);
        return true;
    }

    /** Writes the on-failure record and moves on past the records; false when stopped before it was written. */
    private boolean discard(
            String shardId,
            Segment segment,
            String condition,
            String errorType,
            String message,
            boolean functionError,
            Progress progress)
            throws InterruptedException {
        DiscardedBatch discarded = new DiscardedBatch(
                streamArn,
                shardId,
                invoker.name(),
                segment.records(),
                condition,
                errorType,
                message,
                functionError,
                segment.invocations(),
                clock.instant());
        if (onFailure != null && !appendUntilWritten(discarded, shardId, segment)) {
            return false;
        }
        counters.discardedBatches.incrementAndGet();
        counters.discardedRecords.addAndGet(segment.records().size());
        log.warn(
                "batch_discarded",
                fields(
                        shardId,
                        segment,
                        Map.of(
                                "condition",
                                condition,
                                "errorMessage",
                                String.valueOf(message),
                                "onFailure",
                                onFailure == null ? "none" : onFailure.file().toString())));
        progress.done(segment.records());
        return true;
    }

    /**
     * Moving on without the on-failure record would drop the batch silently, so a failed write holds the shard and
     * is tried again after a backoff, until it succeeds or the mapping stops.
     */
    private boolean appendUntilWritten(DiscardedBatch discarded, String shardId, Segment segment)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                onFailure.append(discarded);
                return true;
            } catch (UncheckedIOException e) {
                log.error("on_failure_write_failed", fields(shardId, segment, Map.of("error", e.getMessage())));
                if (stopped.await(settings.retryDelay(attempt).toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
        }
    }

    private int leadingExpired(List<Record> records) {
        Instant oldestAllowed = clock.instant().minus(maxAge());
        int count = 0;
        while (count < records.size()) {
            Instant created = records.get(count).dynamodb().approximateCreationDateTime();
            if (created == null || !created.isBefore(oldestAllowed)) {
                break;
            }
            count++;
        }
        return count;
    }

    private Duration maxAge() {
        return settings.maximumRecordAge().orElse(STREAM_RETENTION);
    }

    private Map<String, Object> fields(String shardId, Segment segment, Map<String, ?> extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("function", invoker.name());
        fields.put("shardId", shardId);
        fields.put("firstSequenceNumber", segment.records().get(0).dynamodb().sequenceNumber());
        List<Record> records = segment.records();
        fields.put(
                "lastSequenceNumber", records.get(records.size() - 1).dynamodb().sequenceNumber());
        fields.put("records", segment.records().size());
        fields.putAll(extra);
        return fields;
    }
}
