package io.scanpipeline.forwarder;

/** An on-failure record that cannot be redriven as it is (permanent: reading it again gives the same answer). */
public final class FailedBatchFormatException extends RuntimeException {

    public FailedBatchFormatException(String message) {
        super(message);
    }

    public FailedBatchFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
