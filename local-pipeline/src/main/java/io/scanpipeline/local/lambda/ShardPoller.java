package io.scanpipeline.local.lambda;

import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads one shard and hands its records to {@link BatchInvocation} one batch at a time, on its own thread: records
 * of the shard are delivered strictly in order and at most one invocation runs for the shard at any time. A child
 * shard starts only once its parent has been read to its end, so one item's changes stay in order across a shard
 * split. Records read but not yet done with are kept in memory (a retry after a partial failure delivers them from
 * there, not from a new read).
 */
final class ShardPoller implements Runnable {

    /** GetRecords' largest page. */
    private static final int MAX_READ = 1000;

    /** What the pollers of one mapping share. */
    record Shared(
            String streamArn,
            DynamoDbStreamsClient streams,
            EventSourceMappingSettings settings,
            BatchInvocation invocation,
            WakeSignal signal,
            CountDownLatch stopped,
            MappingCounters counters,
            StructuredLog log,
            Clock clock) {}

    private final String streamArn;
    private final String shardId;
    private final ShardPoller parent;
    private final DynamoDbStreamsClient streams;
    private final EventSourceMappingSettings settings;
    private final BatchInvocation invocation;
    private final WakeSignal signal;
    private final CountDownLatch stopped;
    private final MappingCounters counters;
    private final StructuredLog log;
    private final Clock clock;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Deque<Record> buffer = new ArrayDeque<>();
    private ShardIteratorType startType;
    private String iterator;
    private boolean shardEnded;
    private String lastReadSequence;
    private volatile String state = "WAITING_FOR_PARENT";
    private volatile String lastProcessedSequence;
    private volatile long recordsProcessed;
    private volatile int buffered;
    private volatile Long iteratorAgeMillis;
    private volatile Instant lastProcessedCreated;
    private volatile long idleAtGeneration = -1;

    /**
     * @param parent    the poller of the parent shard, or null when the parent is unknown (or there is none)
     * @param startType where to start: TRIM_HORIZON or LATEST
     */
    ShardPoller(Shared shared, String shardId, ShardPoller parent, ShardIteratorType startType) {
        this.streamArn = shared.streamArn();
        this.shardId = shardId;
        this.parent = parent;
        this.startType = startType;
        this.streams = shared.streams();
        this.settings = shared.settings();
        this.invocation = shared.invocation();
        this.signal = shared.signal();
        this.stopped = shared.stopped();
        this.counters = shared.counters();
        this.log = shared.log();
        this.clock = shared.clock();
    }

    /**
     * Takes the starting iterator now, on the caller's thread, so that LATEST means "when the mapping started",
     * not "when this thread got round to it".
     */
    void position() {
        iterator = streams.getShardIterator(
                        r -> r.streamArn(streamArn).shardId(shardId).shardIteratorType(startType))
                .shardIterator();
    }

    @Override
    public void run() {
        try {
            while (parent != null
                    && !parent.finished.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopped.getCount() == 0) {
                    state = "STOPPED";
                    return;
                }
            }
            state = "POLLING";
            while (iterator == null && stopped.getCount() > 0) {
                renew(startType);
            }
            while (stopped.getCount() > 0) {
                if (!fillBatch()) {
                    break;
                }
                List<Record> batch = new ArrayList<>(buffer).subList(0, Math.min(buffer.size(), settings.batchSize()));
                if (!invocation.invoke(shardId, batch, this::done)) {
                    break;
                }
            }
            state = shardEnded && buffer.isEmpty() ? "ENDED" : "STOPPED";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "STOPPED";
        } catch (RuntimeException e) {
            log.error("shard_poller_failed", Map.of("shardId", shardId, "error", e.toString()));
            state = "STOPPED";
        } finally {
            finished.countDown();
        }
    }

    /**
     * Reads until a batch is ready: as soon as records are there with no batching window, else until the batch is
     * full or the window (counted from the batch's first record) has passed. False when the mapping stopped or the
     * shard is read to its end and nothing is left.
     */
    private boolean fillBatch() throws InterruptedException {
        Instant windowEnd = null;
        while (stopped.getCount() > 0) {
            if (buffer.size() >= settings.batchSize()) {
                return true;
            }
            if (shardEnded) {
                return !buffer.isEmpty();
            }
            long generation = signal.generation();
            int wanted = Math.min(MAX_READ, settings.batchSize() - buffer.size());
            int got = read(wanted);
            if (got < 0) {
                continue;
            }
            if (!buffer.isEmpty() && windowEnd == null) {
                windowEnd = clock.instant().plus(settings.maximumBatchingWindow());
            }
            boolean moreNow = got == wanted && !shardEnded;
            if (buffer.isEmpty()) {
                if (shardEnded) {
                    return false;
                }
                idleAtGeneration = generation;
                signal.awaitChange(generation, settings.pollInterval());
            } else if (!clock.instant().isBefore(windowEnd)) {
                if (!moreNow || buffer.size() >= settings.batchSize()) {
                    return true;
                }
            } else if (!moreNow) {
                Duration left = Duration.between(clock.instant(), windowEnd);
                signal.awaitChange(
                        generation, left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval());
            }
        }
        return false;
    }

    /**
     * One GetRecords call; the number of records read, or -1 when nothing could be read (the iterator was renewed,
     * or the call failed and was waited out), which must not count as "caught up".
     */
    private int read(int limit) throws InterruptedException {
        GetRecordsResponse page;
        try {
            String current = iterator;
            page = streams.getRecords(r -> r.shardIterator(current).limit(limit));
        } catch (ExpiredIteratorException e) {
            // Retries can keep a shard from reading for longer than an iterator lives (15 minutes).
            renew(lastReadSequence == null ? startType : ShardIteratorType.AFTER_SEQUENCE_NUMBER);
            return -1;
        } catch (TrimmedDataAccessException e) {
            // The position aged out of the stream: those records are gone, go on with the oldest one kept.
            log.error(
                    "records_trimmed",
                    Map.of(
                            "shardId",
                            shardId,
                            "afterSequenceNumber",
                            String.valueOf(lastReadSequence),
                            "error",
                            String.valueOf(e.getMessage())));
            startType = ShardIteratorType.TRIM_HORIZON;
            renew(ShardIteratorType.TRIM_HORIZON);
            return -1;
        } catch (ResourceNotFoundException e) {
            log.error("shard_gone", Map.of("shardId", shardId, "error", String.valueOf(e.getMessage())));
            shardEnded = true;
            return 0;
        } catch (SdkException e) {
            // throttling, a dropped connection: the same iterator is still good
            log.warn("get_records_failed", Map.of("shardId", shardId, "error", String.valueOf(e.getMessage())));
            stopped.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            return -1;
        }
        for (Record record : page.records()) {
            buffer.addLast(record);
            lastReadSequence = record.dynamodb().sequenceNumber();
        }
        buffered = buffer.size();
        counters.recordsRead.addAndGet(page.records().size());
        iterator = page.nextShardIterator();
        // No next iterator: the shard is closed and read to its end.
        shardEnded = iterator == null;
        return page.records().size();
    }

    /** Takes a new iterator; when that fails too, the old one stays and the next read tries again. */
    private void renew(ShardIteratorType type) throws InterruptedException {
        try {
            iterator = streams.getShardIterator(r -> {
                        r.streamArn(streamArn).shardId(shardId).shardIteratorType(type);
                        if (type == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
                            r.sequenceNumber(lastReadSequence);
                        }
                    })
                    .shardIterator();
        } catch (SdkException e) {
            log.warn("get_shard_iterator_failed", Map.of("shardId", shardId, "error", String.valueOf(e.getMessage())));
            stopped.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Called by the batch invocation, in order, for records processed or discarded. */
    private void done(List<Record> records) {
        for (Record record : records) {
            Record head = buffer.pollFirst();
            if (head == null
                    || !head.dynamodb()
                            .sequenceNumber()
                            .equals(record.dynamodb().sequenceNumber())) {
                throw new IllegalStateException("records done out of order in shard " + shardId);
            }
        }
        Record last = records.get(records.size() - 1);
        lastProcessedSequence = last.dynamodb().sequenceNumber();
        recordsProcessed += records.size();
        buffered = buffer.size();
        Instant created = last.dynamodb().approximateCreationDateTime();
        if (created != null) {
            lastProcessedCreated = created;
            iteratorAgeMillis =
                    Math.max(0, Duration.between(created, clock.instant()).toMillis());
        }
    }

    /** True when the last read found nothing and no wake-up came since: nothing of this shard is pending. */
    boolean idleAt(long generation) {
        return "ENDED".equals(state) || (buffered == 0 && idleAtGeneration == generation);
    }

    /** Waits until the poller's thread has ended. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String shardId() {
        return shardId;
    }

    MappingStatus.ShardStatus status() {
        return new MappingStatus.ShardStatus(
                shardId,
                state,
                lastProcessedSequence,
                recordsProcessed,
                buffered,
                iteratorAgeMillis,
                lastProcessedCreated);
    }
}
