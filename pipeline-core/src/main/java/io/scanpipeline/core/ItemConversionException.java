package io.scanpipeline.core;

/**
 * A value that DynamoDB cannot store as it is (too deep, unsupported). Permanent: retrying gives the same answer,
 * so the record goes to the quarantine with {@link #path()} and {@link #reason()}.
 */
public final class ItemConversionException extends RuntimeException {

    private final String path;
    private final String reason;

    public ItemConversionException(String path, String reason) {
        super("field '" + path + "': " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The field, dotted with [i] for list elements. */
    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
