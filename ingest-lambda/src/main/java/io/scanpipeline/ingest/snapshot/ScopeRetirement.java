package io.scanpipeline.ingest.snapshot;

import io.scanpipeline.ingest.RetryableIngestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deletes the items of one snapshot scope that a newer complete scan no longer reported: pages through the items
 * older than the cutoff (one page in memory at a time, whatever the scope's size) and deletes each on the condition
 * that it is still older, {@code concurrency} deletes in flight. Idempotent: a second run finds nothing, an item a
 * newer scan rewrote meanwhile is left alone (counted as {@code conditionFailed}).
 */
public final class ScopeRetirement implements AutoCloseable {

    /**
     * What one run did.
     *
     * @param retired         items deleted (each a REMOVE in the table's stream)
     * @param conditionFailed items listed by the index but no longer older when deleted (rewritten or already gone)
     * @param pages           index pages read
     * @param complete        false when it stopped before the deadline with pages left
     */
    public record Result(long retired, long conditionFailed, long pages, boolean complete) {
        static final Result NONE = new Result(0, 0, 0, true);

        Result plus(Result other) {
            return new Result(
                    retired + other.retired,
                    conditionFailed + other.conditionFailed,
                    pages + other.pages,
                    complete && other.complete);
        }
    }

    private final ScopeIndex index;
    private final int pageSize;
    private final ExecutorService deleters;

    public ScopeRetirement(ScopeIndex index, int pageSize, int concurrency) {
        if (pageSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException("page size and concurrency must be positive");
        }
        this.index = index;
        this.pageSize = pageSize;
        this.deleters = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "ingest-retire");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Retires the items of {@code scope} older than {@code cutoff}; stops between pages once {@code outOfTime} says
     * so ({@link Result#complete()} false: run it again to go on).
     */
    public Result retire(String scope, String cutoff, BooleanSupplier outOfTime) throws InterruptedException {
        long retired = 0;
        long failed = 0;
        long pages = 0;
        Map<String, AttributeValue> start = null;
        while (true) {
            if (pages > 0 && outOfTime.getAsBoolean()) {
                return new Result(retired, failed, pages, false);
            }
            ScopeIndex.Page page = index.olderThan(scope, cutoff, start, pageSize);
            pages++;
            List<Future<Boolean>> deletes = new ArrayList<>(page.keys().size());
            for (Map<String, AttributeValue> key : page.keys()) {
                deletes.add(deleters.submit(() -> index.deleteIfOlder(key, cutoff)));
            }
            for (Future<Boolean> delete : deletes) {
                try {
                    if (delete.get()) {
                        retired++;
                    } else {
                        failed++;
                    }
                } catch (ExecutionException e) {
                    deletes.forEach(f -> f.cancel(false));
                    throw e.getCause() instanceof RuntimeException re
                            ? re
                            : new RetryableIngestException("retiring " + scope + ": " + e.getCause(), e.getCause());
                }
            }
            if (page.next().isEmpty()) {
                return new Result(retired, failed, pages, true);
            }
            start = page.next().get();
        }
    }

    @Override
    public void close() {
        deleters.shutdownNow();
    }
}
