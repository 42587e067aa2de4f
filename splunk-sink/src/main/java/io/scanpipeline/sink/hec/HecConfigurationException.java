package io.scanpipeline.sink.hec;

/**
 * A client or configuration error that retrying cannot fix: codes 5, 10, 11, 14, 16, acks expected but not given
 * (indexer acknowledgement off on the token), or a TLS certificate that is not trusted.
 */
public final class HecConfigurationException extends HecException {

    HecConfigurationException(String message, int httpStatus, Integer code, Throwable cause) {
        super(message, httpStatus, code, cause);
    }
}
