package io.scanpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event-source mapping for one DynamoDB stream and one function, on this machine: the stream's records are
 * read with the SDK's {@link DynamoDbStreamsClient} (the local emulator's or AWS's) and delivered to the function
 * through a {@link LambdaInvoker}, as the JSON Lambda would send ({@link DynamoDbEventJson}).
 *
 * <p>Behaviour, as documented for Lambda's stream mappings (settings: {@link EventSourceMappingSettings}):
 * <ul>
 *   <li>One poller per shard, each on its own thread; a shard's records are delivered strictly in order, with at
 *       most one invocation per shard at a time. Shards are found with DescribeStream at start and every
 *       {@value #DISCOVERY_SECONDS} s after; a child shard is read from its start once its parent is read to its
 *       end.</li>
 *   <li>Batches of up to {@code batchSize} records, sent as soon as records are there or, with a
 *       {@code maximumBatchingWindow}, when the batch is full or the window is over.</li>
 *   <li>A function error (an exception) retries the batch after a backoff; with {@code bisectBatchOnFunctionError}
 *       the batch is split in halves, each retried on its own (first half first), and splitting uses up no retry
 *       attempt.</li>
 *   <li>{@code batchItemFailures} with sequence number S: the records before S are done and the batch is retried
 *       from S (the lowest S when several are named). The remaining records are kept in memory, not read again from
 *       the stream. A null entry, an empty or null {@code itemIdentifier}, or one not in the batch fails the whole
 *       batch, as Lambda treats it.</li>
 *   <li>After {@code maximumRetryAttempts} retries, or once records are older than {@code maximumRecordAge} (else
 *       the stream's 24 hours), the batch is discarded: one JSON line in the {@code onFailure} file, like Lambda's
 *       on-failure record (batch metadata and the records' keys, not the records), and the shard moves on.</li>
 * </ul>
 *
 * <p>An idle shard polls every {@code pollInterval}; pass {@link #notifyRecordsAvailable} to
 * {@code LocalDynamoDb.addStreamListener} and pollers wake as soon as records are written instead.
 *
 * <p>Positions are kept in memory only: a new mapping starts again at its {@code startingPosition}
 * ({@link #status()} shows where each shard stood). {@link #close()} lets a running invocation finish and starts
 * no other, so no invocation is cut off halfway; records not yet delivered stay in the stream.
 */
public final class StreamEventSourceMapping implements AutoCloseable {

    static final int DISCOVERY_SECONDS = 2;
    /** How long close waits for a running invocation: Lambda's longest timeout. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(15);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String functionName;
    private final EventSourceMappingSettings settings;
    private final StructuredLog log;
    private final MappingCounters counters = new MappingCounters();
    private final WakeSignal signal = new WakeSignal();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ShardPoller.Shared shared;
    private final Map<String, ShardPoller> pollers = new LinkedHashMap<>();
    private final Thread discovery;
    private volatile boolean closed;

    private StreamEventSourceMapping(
            DynamoDbStreamsClient streams,
            String streamArn,
            LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker,
            EventSourceMappingSettings settings,
            StructuredLog log,
            Clock clock) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.functionName = invoker.name();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = log;
        OnFailureFile onFailure = settings.onFailure().map(OnFailureFile::new).orElse(null);
        BatchInvocation invocation =
                new BatchInvocation(streamArn, invoker, settings, counters, onFailure, log, clock, stopped);
        this.shared =
                new ShardPoller.Shared(streamArn, streams, settings, invocation, signal, stopped, counters, log, clock);
        this.discovery = new Thread(this::discoverPeriodically, "esm-" + functionName + "-shards");
        this.discovery.setDaemon(true);
    }

    /**
     * Finds the stream's shards, takes their starting positions and starts polling; log lines go to standard
     * output.
     *
     * @throws SdkException when the stream cannot be described (e.g. it does not exist)
     */
    public static StreamEventSourceMapping start(
            DynamoDbStreamsClient streams,
            String streamArn,
            LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker,
            EventSourceMappingSettings settings) {
        return start(
                streams,
                streamArn,
                invoker,
                settings,
                StructuredLog.forClass(StreamEventSourceMapping.class),
                Clock.systemUTC());
    }

    /**
     * As {@link #start(DynamoDbStreamsClient, String, LambdaInvoker, EventSourceMappingSettings)}, logging to
     * {@code log} (e.g. the local pipeline's log file).
     */
    public static StreamEventSourceMapping start(
            DynamoDbStreamsClient streams,
            String streamArn,
            LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker,
            EventSourceMappingSettings settings,
            StructuredLog log) {
        return start(streams, streamArn, invoker, settings, log, Clock.systemUTC());
    }

    static StreamEventSourceMapping start(
            DynamoDbStreamsClient streams,
            String streamArn,
            LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker,
            EventSourceMappingSettings settings,
            StructuredLog log,
            Clock clock) {
        StreamEventSourceMapping mapping =
                new StreamEventSourceMapping(streams, streamArn, invoker, settings, log, clock);
        try {
            mapping.discover(true);
        } catch (RuntimeException e) {
            mapping.close();
            throw e;
        }
        mapping.discovery.start();
        mapping.log.info(
                "mapping_started",
                Map.of("function", mapping.functionName, "streamArn", streamArn, "settings", settings.toString()));
        return mapping;
    }

    /**
     * Wakes the pollers when {@code changedStreamArn} is this mapping's stream; other streams are ignored. Meant for
     * {@code LocalDynamoDb.addStreamListener(mapping::notifyRecordsAvailable)}; cheap, never blocks. After close it
     * does nothing.
     */
    public void notifyRecordsAvailable(String changedStreamArn) {
        if (streamArn.equals(changedStreamArn)) {
            signal.wake();
        }
    }

    /**
     * Waits until every shard is caught up: its last read found nothing new, no record is waiting or being delivered,
     * and no {@link #notifyRecordsAvailable} came since. Only meaningful when the stream's writes notify the mapping
     * (as the local emulator's listener does); without notifications it means "caught up as of the last poll".
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            long generation = signal.generation();
            if (pollers().stream().allMatch(poller -> poller.idleAt(generation))) {
                return true;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Counters and per-shard positions, for a status view. */
    public MappingStatus status() {
        List<MappingStatus.ShardStatus> shards =
                pollers().stream().map(ShardPoller::status).toList();
        return new MappingStatus(
                streamArn,
                functionName,
                !closed,
                counters.recordsRead.get(),
                counters.invocations.get(),
                counters.functionErrors.get(),
                counters.partialFailures.get(),
                counters.invalidResponses.get(),
                counters.retries.get(),
                counters.bisections.get(),
                counters.discardedBatches.get(),
                counters.discardedRecords.get(),
                shards);
    }

    public String streamArn() {
        return streamArn;
    }

    public EventSourceMappingSettings settings() {
        return settings;
    }

    /**
     * Stops polling: waits for running invocations to end (up to 15 minutes, Lambda's longest timeout), starts no
     * new one. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped.countDown();
        signal.wake();
        try {
            if (discovery.isAlive()) {
                discovery.join(CLOSE_TIMEOUT.toMillis());
            }
            for (ShardPoller poller : pollers()) {
                if (!poller.awaitFinished(CLOSE_TIMEOUT)) {
                    log.error("mapping_close_timeout", Map.of("function", functionName, "shardId", poller.shardId()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("mapping_stopped", Map.of("function", functionName, "streamArn", streamArn));
    }

    private List<ShardPoller> pollers() {
        synchronized (pollers) {
            return new ArrayList<>(pollers.values());
        }
    }

    private void discoverPeriodically() {
        try {
            while (!stopped.await(DISCOVERY_SECONDS, TimeUnit.SECONDS)) {
                try {
                    discover(false);
                } catch (SdkException e) {
                    log.warn(
                            "describe_stream_failed",
                            Map.of("streamArn", streamArn, "error", String.valueOf(e.getMessage())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a poller for every shard not yet known. Shards present at start begin at the configured starting
     * position; shards that appear later are new, so they are read from their start (as Lambda does), lest the
     * changes written to them before they were found be skipped.
     */
    private void discover(boolean initial) {
        List<Shard> found = describeAll();
        Map<String, Shard> todo = new LinkedHashMap<>();
        found.forEach(shard -> todo.put(shard.shardId(), shard));
        synchronized (pollers) {
            todo.keySet().removeAll(pollers.keySet());
            // parents before children, so that a child's poller can wait for its parent's
            boolean progress = true;
            while (!todo.isEmpty() && progress) {
                progress = false;
                for (Shard shard : List.copyOf(todo.values())) {
                    String parentId = shard.parentShardId();
                    if (parentId != null && todo.containsKey(parentId)) {
                        continue;
                    }
                    startPoller(shard, parentId == null ? null : pollers.get(parentId), initial);
                    todo.remove(shard.shardId());
                    progress = true;
                }
            }
        }
    }

    private void startPoller(Shard shard, ShardPoller parent, boolean initial) {
        boolean latest = settings.startingPosition() == EventSourceMappingSettings.StartingPosition.LATEST;
        ShardIteratorType start = initial && latest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
        ShardPoller poller = new ShardPoller(shared, shard.shardId(), parent, start);
        if (initial) {
            poller.position();
        }
        pollers.put(shard.shardId(), poller);
        Thread thread = new Thread(poller, "esm-" + functionName + "-" + shard.shardId());
        thread.setDaemon(true);
        thread.start();
    }

    private List<Shard> describeAll() {
        List<Shard> shards = new ArrayList<>();
        String exclusiveStart = null;
        do {
            String from = exclusiveStart;
            DescribeStreamResponse response =
                    streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(from));
            shards.addAll(response.streamDescription().shards());
            exclusiveStart = response.streamDescription().lastEvaluatedShardId();
        } while (exclusiveStart != null);
        return shards;
    }
}
