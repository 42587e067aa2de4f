package io.scanpipeline.ingest.write;

import io.scanpipeline.core.Backoff;
import io.scanpipeline.ingest.item.ItemBuilder.BuiltItem;
import io.scanpipeline.ingest.item.ItemBuilder.ItemKey;
import io.scanpipeline.ingest.snapshot.SnapshotScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items with BatchWriteItem, 25 per call, several calls in flight, in file order per key.
 *
 * <p>Items are spread over {@code lanes} by a hash of their key; each lane writes its batches one after another, so
 * two records with the same key are never in flight at once and the later one in the file always lands last. Inside
 * a batch a record with the key of a pending one replaces it (DynamoDB rejects duplicate keys in one batch): the
 * {@code merged} count says how often. After each call only the {@code UnprocessedItems} are resent, with
 * exponential backoff and full jitter; throttling and 5xx answers are retried the same way. When DynamoDB rejects a
 * batch as invalid, the batch is bisected down to the single item at fault, which goes to the
 * {@link Listener#rejected} callback with DynamoDB's message; the others are written.
 *
 * <p>{@link #add} blocks when a lane has two batches waiting (backpressure: memory stays bounded for any file).
 */
public final class ItemWriter implements AutoCloseable {

    /** BatchWriteItem's limit. */
    public static final int BATCH_SIZE = 25;

    /** Told about items DynamoDB refused for good. Called from writer threads. */
    public interface Listener {
        void rejected(BuiltItem item, String message);
    }

    /**
     * What the writer did. {@code failed} counts items still unwritten after every retry; {@code stale} counts items
     * of a guarded writer that were not written because the table holds a newer scan's item with that key.
     */
    public record Summary(
            long written, long merged, long rejected, long failed, long retries, String lastError, long stale) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Backoff backoff;
    private final Listener listener;
    private final Lane[] lanes;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final boolean guarded;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private long merged;
    private boolean finished;

    public ItemWriter(DynamoDbClient dynamo, String table, int lanes, Backoff backoff, Listener listener) {
        this(dynamo, table, lanes, backoff, listener, false);
    }

    /**
     * A writer for the items of a snapshot rule when {@code guarded}: each item is written with its own PutItem on
     * the condition that the table holds no item with its key from a newer scan ({@code _scan} missing or not
     * greater than the item's), so an older scan arriving late or running concurrently never overwrites newer data.
     * BatchWriteItem takes no conditions: the guard costs one request per item (the same write units).
     */
    public ItemWriter(
            DynamoDbClient dynamo, String table, int lanes, Backoff backoff, Listener listener, boolean guarded) {
        this.guarded = guarded;
        this.dynamo = dynamo;
        this.table = table;
        this.backoff = backoff;
        this.listener = listener;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(i);
            this.lanes[i].thread.start();
        }
    }

    /** Queues one item; blocks while its lane is full. Call from one thread. */
    public void add(BuiltItem item) throws InterruptedException {
        throwIfFatal();
        Lane lane = lanes[Math.floorMod(item.key().hashCode(), lanes.length)];
        if (lane.pending.put(item.key(), item) != null) {
            merged++;
        }
        if (lane.pending.size() == BATCH_SIZE) {
            lane.handOff();
        }
    }

    /** Writes what is pending, waits for every lane, and returns the summary. */
    public Summary finish() throws InterruptedException {
        if (!finished) {
            finished = true;
            for (Lane lane : lanes) {
                if (!lane.pending.isEmpty()) {
                    lane.handOff();
                }
                lane.queue.put(Lane.END);
            }
            for (Lane lane : lanes) {
                lane.thread.join();
            }
        }
        throwIfFatal();
        return new Summary(
                written.get(), merged, rejected.get(), failed.get(), retries.get(), lastError.get(), stale.get());
    }

    private void throwIfFatal() {
        RuntimeException e = fatal.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.thread.interrupt();
        }
    }

    private final class Lane implements Runnable {
        static final List<BuiltItem> END = List.of();
        final Map<ItemKey, BuiltItem> pending = new LinkedHashMap<>();
        final BlockingQueue<List<BuiltItem>> queue = new ArrayBlockingQueue<>(2);
        final Thread thread;

        Lane(int index) {
            thread = new Thread(this, "ingest-writer-" + index);
            thread.setDaemon(true);
        }

        void handOff() throws InterruptedException {
            queue.put(new ArrayList<>(pending.values()));
            pending.clear();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    List<BuiltItem> batch = queue.take();
                    if (batch == END) {
                        return;
                    }
                    if (fatal.get() == null) {
                        if (guarded) {
                            for (BuiltItem item : batch) {
                                writeGuarded(item);
                            }
                        } else {
                            write(batch);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                fatal.compareAndSet(null, e);
                // keep draining so that the reader thread never blocks forever on a full queue
                queue.clear();
            }
        }
    }

    private void write(List<BuiltItem> batch) throws InterruptedException {
        Map<String, List<WriteRequest>> request = Map.of(
                table,
                batch.stream()
                        .map(b -> WriteRequest.builder()
                                .putRequest(PutRequest.builder().item(b.item()).build())
                                .build())
                        .toList());
        int attempt = 0;
        while (true) {
            attempt++;
            BatchWriteItemResponse response;
            try {
                response = dynamo.batchWriteItem(
                        BatchWriteItemRequest.builder().requestItems(request).build());
            } catch (AwsServiceException e) {
                if (isValidation(e)) {
                    bisect(batch, e);
                    return;
                }
                if (isPermanent(e)) {
                    throw e;
                }
                if (!retryAfter(attempt, e, batch.size())) {
                    return;
                }
                continue;
            } catch (SdkClientException e) {
                if (!retryAfter(attempt, e, batch.size())) {
                    return;
                }
                continue;
            }
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            written.addAndGet(request.get(table).size() - unprocessed.size());
            if (unprocessed.isEmpty()) {
                return;
            }
            if (!retryAfter(attempt, null, unprocessed.size())) {
                return;
            }
            request = Map.of(table, unprocessed);
        }
    }

    private void writeGuarded(BuiltItem item) throws InterruptedException {
        AttributeValue scan = item.item().get(SnapshotScope.SCAN_ATTRIBUTE);
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                dynamo.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(item.item())
                        .conditionExpression("attribute_not_exists(#scan) OR #scan <= :scan")
                        .expressionAttributeNames(Map.of("#scan", SnapshotScope.SCAN_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":scan", scan))
                        .build());
                written.incrementAndGet();
                return;
            } catch (ConditionalCheckFailedException e) {
                stale.incrementAndGet();
                return;
            } catch (AwsServiceException e) {
                if (isValidation(e)) {
                    rejected.incrementAndGet();
                    listener.rejected(
                            item,
                            e.awsErrorDetails() == null
                                    ? e.getMessage()
                                    : e.awsErrorDetails().errorMessage());
                    return;
                }
                if (isPermanent(e)) {
                    throw e;
                }
                if (!retryAfter(attempt, e, 1)) {
                    return;
                }
            } catch (SdkClientException e) {
                if (!retryAfter(attempt, e, 1)) {
                    return;
                }
            }
        }
    }

    /** Waits before the next attempt, or counts the items as failed when no attempt is left. */
    private boolean retryAfter(int attempt, SdkException cause, int items) throws InterruptedException {
        if (!backoff.allowsAnother(attempt)) {
            failed.addAndGet(items);
            lastError.set(
                    cause == null
                            ? items + " items still unprocessed after " + attempt + " BatchWriteItem attempts"
                            : cause.getMessage());
            return false;
        }
        retries.incrementAndGet();
        backoff.sleep(attempt);
        return true;
    }

    private void bisect(List<BuiltItem> batch, AwsServiceException cause) throws InterruptedException {
        if (batch.size() == 1) {
            rejected.incrementAndGet();
            listener.rejected(
                    batch.get(0),
                    cause.awsErrorDetails() == null
                            ? cause.getMessage()
                            : cause.awsErrorDetails().errorMessage());
            return;
        }
        int half = batch.size() / 2;
        write(batch.subList(0, half));
        write(batch.subList(half, batch.size()));
    }

    private static boolean isValidation(AwsServiceException e) {
        return e.statusCode() == 400
                && e.awsErrorDetails() != null
                && "ValidationException".equals(e.awsErrorDetails().errorCode());
    }

    /** Errors no retry can fix: a missing table, missing permissions, bad credentials. */
    private static boolean isPermanent(AwsServiceException e) {
        if (e.isThrottlingException() || e.statusCode() >= 500) {
            return false;
        }
        return e.statusCode() == 400 || e.statusCode() == 403 || e.statusCode() == 404;
    }
}
