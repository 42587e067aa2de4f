package io.scanpipeline.sink.hec;

/** A batch kept failing with retryable errors for longer than {@code HEC_RETRY_DURATION}. */
public final class HecRetryExhaustedException extends HecException {

    HecRetryExhaustedException(String message, int httpStatus, Integer code) {
        super(message, httpStatus, code, null);
    }
}
