package io.scanpipeline.forwarder;

/**
 * A stream record that cannot become a {@link io.scanpipeline.core.ChangeEnvelope} (no keys, unknown event name,
 * an attribute value without a type, an ARN without a table). Permanent: the same record fails the same way on
 * every retry, so it goes to the quarantine with this message as the reason.
 */
public final class RecordMappingException extends RuntimeException {

    public RecordMappingException(String message) {
        super(message);
    }

    public RecordMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
