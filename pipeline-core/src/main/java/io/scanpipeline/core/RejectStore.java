package io.scanpipeline.core;

import java.util.List;

/**
 * Where a stage keeps, for good, what it cannot pass on: the forwarder's quarantine and the sink's dead letters (the
 * ingest function's quarantine is the same idea with its own writer). One port for both, so that a stage's writer is
 * tested with an in-memory fake and runs on S3 ({@link S3RejectStore}) in production.
 *
 * <p>Writers choose keys derived from the data, so that storing the same rejected record again (a retried batch, a
 * second worker) overwrites its object instead of adding a copy. Implementations throw unchecked exceptions on
 * failure; the caller decides whether the record then counts as failed or the write is retried.
 */
public interface RejectStore {

    /** Writes {@code body} at {@code key}, replacing any object there. */
    void put(String key, byte[] body);

    /** The bytes at {@code key}. */
    byte[] get(String key);

    /** The keys starting with {@code prefix}, in lexical order. */
    List<String> list(String prefix);

    /** Where the objects live, for log lines, e.g. {@code s3://bucket}. */
    String location();
}
