package io.scanpipeline.sink.hec;

import io.scanpipeline.core.ConfigException;

/**
 * A HEC token. It is a password: {@link #toString()} never shows it, and text that may echo it (a server's
 * answer, an I/O error) goes through {@link #redact(String)} before it reaches a log line or an exception.
 */
public final class HecToken {

    private static final String MASK = "****";

    private final String value;

    private HecToken(String value) {
        this.value = value;
    }

    /**
     * Wraps a token read from {@code variable}.
     *
     * @throws ConfigException naming {@code variable} (never showing the value) when blank or containing
     *                         whitespace or control characters, which would break or inject into the header
     */
    public static HecToken of(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(variable, "is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new ConfigException(variable, "must not contain whitespace or control characters");
            }
        }
        return new HecToken(value);
    }

    /** The secret itself, for the Authorization header only. */
    String value() {
        return value;
    }

    /** The value of the {@code Authorization} header. */
    String authorization() {
        return "Splunk " + value;
    }

    /** {@code text} with every occurrence of the token masked; null stays null. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, MASK);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HecToken token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
