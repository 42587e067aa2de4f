package io.scanpipeline.ingest.snapshot;

/**
 * What a scan under a rule with {@code "snapshot"} did.
 *
 * @param scan              the scan order of this scan ({@link ScanOrder})
 * @param scopes            scopes its records named
 * @param recordsSuperseded records not written because a newer scan of their scope had started
 * @param itemsStale        items not written because the table held a newer scan's item with that key
 * @param retired           items deleted
 * @param conditionFailed   deletes refused because the item was rewritten by a newer scan or already gone
 * @param retirement        {@code DONE}, {@code PENDING} (stopped before the deadline; a continuation goes on), or
 *                          why none ran
 */
public record SnapshotOutcome(
        String scan,
        long scopes,
        long recordsSuperseded,
        long itemsStale,
        long retired,
        long conditionFailed,
        String retirement) {}
