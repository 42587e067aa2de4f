package io.scanpipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The ceiling of figure 2: the same items, already built and cut into batches of 25, written with
 * {@code BatchWriteItem} by {@code concurrency} threads that each take the next batch as soon as they are free.
 * No parsing, no per-key lanes, no backoff (unprocessed items are resent at once): the fastest this client and
 * this table can take these items.
 */
final class BatchWriteCeiling {

    private BatchWriteCeiling() {}

    /** Writes every batch; returns the number of items DynamoDB confirmed. */
    static long write(DynamoDbClient dynamo, String table, List<List<WriteRequest>> batches, int concurrency)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < batches.size()) {
                        Map<String, List<WriteRequest>> request = Map.of(table, batches.get(i));
                        while (!request.isEmpty()) {
                            int sent = request.get(table).size();
                            BatchWriteItemResponse response = dynamo.batchWriteItem(BatchWriteItemRequest.builder()
                                    .requestItems(request)
                                    .build());
                            var unprocessed = response.unprocessedItems();
                            written.addAndGet(sent
                                    - unprocessed.getOrDefault(table, List.of()).size());
                            request = unprocessed;
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("BatchWriteItem failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return written.get();
    }

    /** Cuts write requests into batches of {@code size}. */
    static List<List<WriteRequest>> batches(List<WriteRequest> requests, int size) {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < requests.size(); i += size) {
            batches.add(List.copyOf(requests.subList(i, Math.min(requests.size(), i + size))));
        }
        return batches;
    }
}
