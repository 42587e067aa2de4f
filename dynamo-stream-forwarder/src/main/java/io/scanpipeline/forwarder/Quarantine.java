package io.scanpipeline.forwarder;

/**
 * Where records that can never be published are kept with their reason, so that a retry of the batch does not
 * block the shard on them forever and nothing is dropped silently.
 */
public interface Quarantine {

    /**
     * Stores {@code entry}. Storing the same record again (a retried batch) must overwrite, not duplicate.
     *
     * @throws RuntimeException when it could not be stored; the record then counts as failed
     */
    void put(QuarantineEntry entry);
}
