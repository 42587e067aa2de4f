package io.scanpipeline.core;

/**
 * Bytes that are not a {@link ChangeEnvelope} this version can read (not JSON, unknown {@code v}, a required field
 * missing). Permanent: reading them again gives the same answer, so a consumer quarantines them.
 */
public final class EnvelopeFormatException extends RuntimeException {

    public EnvelopeFormatException(String message) {
        super(message);
    }

    public EnvelopeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
