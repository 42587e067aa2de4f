package io.scanpipeline.sink.hec;

/** An answer the HEC table does not cover (an unknown code, a 404, a non-JSON 200): surfaced, never success. */
public final class HecUnexpectedResponseException extends HecException {

    HecUnexpectedResponseException(String message, int httpStatus, Integer code) {
        super(message, httpStatus, code, null);
    }
}
