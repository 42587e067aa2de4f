package io.scanpipeline.sink.hec;

/**
 * A batch that was neither delivered nor dead-lettered. The caller still owns every event of the batch and must
 * neither confirm nor drop them. Messages never contain the token.
 */
public class HecException extends RuntimeException {

    private final int httpStatus;
    private final Integer code;

    HecException(String message, int httpStatus, Integer code, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** HTTP status of the answer behind this failure, or 0 when there was none (I/O error, closed client). */
    public int httpStatus() {
        return httpStatus;
    }

    /** HEC code of the answer behind this failure, or null. */
    public Integer code() {
        return code;
    }
}
