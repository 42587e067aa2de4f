package io.scanpipeline.ingest.snapshot;

/**
 * The newest scan of each snapshot scope: one head record per scope (table and scope id), only ever moved forward
 * by conditional writes, so concurrent scans and redeliveries agree on which scan is newest.
 */
public interface ScopeHeads {

    /**
     * Marks {@code scan} as started in {@code scope} unless a newer scan started there already.
     *
     * @return false when a newer scan has started: this scan's records of the scope are stale and must not be written
     */
    boolean begin(String table, String scope, String scan);

    /**
     * Marks {@code scan} as complete in {@code scope} (every record written) and returns the newest complete scan,
     * this one or a newer one: the scope's items written by any older scan may be retired.
     */
    String complete(String table, String scope, String scan);
}
