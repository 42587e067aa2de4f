package io.scanpipeline.ingest;

/**
 * The object could not be fully ingested for a reason that may pass (throttling beyond every retry, a broken
 * connection, the quarantine not writable). The handler rethrows it so that Lambda retries the event; writes are
 * idempotent, so the retry does no harm.
 */
public final class RetryableIngestException extends RuntimeException {

    public RetryableIngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
