package io.scanpipeline.sink.hec;

/** The client was closed before the batch was resolved. */
public final class HecClosedException extends HecException {

    HecClosedException() {
        super("HEC client closed before the batch was delivered", 0, null, null);
    }
}
