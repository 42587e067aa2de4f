package io.scanpipeline.ingest.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of a snapshot scope, as retirement sees them: pages of the keys of items older than a scan, and a delete
 * that happens only while the item is still older. Backed by the table's sparse {@link SnapshotScope#INDEX} index.
 */
public interface ScopeIndex {

    /**
     * One page of item keys.
     *
     * @param keys the table keys of the items on this page
     * @param next where the next page starts; empty on the last page
     */
    record Page(List<Map<String, AttributeValue>> keys, Optional<Map<String, AttributeValue>> next) {}

    /**
     * Keys of items of {@code scope} whose scan sorts before {@code cutoff}, at most {@code limit}, from
     * {@code start} (null for the first page). The index is eventually consistent: it may still list items that
     * were deleted or rewritten by a newer scan, which {@link #deleteIfOlder} leaves alone.
     */
    Page olderThan(String scope, String cutoff, Map<String, AttributeValue> start, int limit);

    /**
     * Deletes the item if its {@code _scan} still sorts before {@code cutoff}.
     *
     * @return false when the condition failed (rewritten by a newer scan, or already gone)
     */
    boolean deleteIfOlder(Map<String, AttributeValue> key, String cutoff);
}
