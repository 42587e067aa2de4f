package io.scanpipeline.sink.hec;

/**
 * HEC refused the token (HTTP 401/403, codes 1-4): stop sending, keep the data, raise an alarm. Retrying cannot
 * help until the token is fixed, and dead-lettering would throw good data away.
 */
public final class HecAuthException extends HecException {

    HecAuthException(String message, int httpStatus, Integer code) {
        super(message, httpStatus, code, null);
    }
}
