package io.scanpipeline.local.emulator.s3;

/**
 * Receives the object events of a {@link LocalS3Server}, like an S3 event notification target.
 *
 * <p>Called on the server's single event thread, in the order the changes were committed, never while the server
 * holds a lock. An exception thrown by a listener is logged and does not affect the server or other listeners.
 */
@FunctionalInterface
public interface S3EventListener {

    /** Handles one event. */
    void onEvent(S3ObjectEvent event);
}
