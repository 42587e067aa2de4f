package io.scanpipeline.core;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * A JSON number kept as its source text because converting it exactly would be unbounded or impossible: an
 * exponent beyond a 32-bit integer ({@code 1e2147483648}, which no {@code BigDecimal} can hold), or more digits than
 * the reader converts ({@link #MAX_CONVERTED_CHARS}). It behaves as a string everywhere (written as a JSON string,
 * compared as text), and {@link ItemCodec} stores it as a DynamoDB string with a note saying why.
 */
public final class UnconvertedNumberNode extends TextNode {

    /**
     * Longest number text converted to a {@code BigInteger}/{@code BigDecimal} (Jackson's own default limit).
     * DynamoDB keeps 38 digits, so anything longer is stored as a string anyway; this just skips the conversion.
     */
    public static final int MAX_CONVERTED_CHARS = 1000;

    private final String reason;

    /**
     * @param text   the number exactly as written in the source
     * @param reason why it was not converted, e.g. "exponent outside the range of a 32-bit integer"
     */
    public UnconvertedNumberNode(String text, String reason) {
        super(Objects.requireNonNull(text, "text"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the number was kept as text. */
    public String reason() {
        return reason;
    }
}
