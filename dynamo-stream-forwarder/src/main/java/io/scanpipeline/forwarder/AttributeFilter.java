package io.scanpipeline.forwarder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ConfigException;
import java.math.BigDecimal;

/**
 * Keeps only records whose item has a top-level attribute {@code name} equal to {@code value}. Configured as
 * {@code FILTER_ATTRIBUTE=name=value} (split at the first {@code =}, so the value may contain more).
 *
 * <p>It looks at the new image, or the old image for REMOVE
 * ({@link io.scanpipeline.core.ChangeEnvelope#currentImage()}).
 * A string attribute matches by exact text, a number by numeric value ({@code 1.50} matches {@code 1.5}), a boolean by
 * {@code true}/{@code false}. Any other type, a missing attribute or a missing image does not match.
 *
 * @param name  the attribute name, not empty
 * @param value the text to compare with
 */
public record AttributeFilter(String name, String value) {

    public AttributeFilter {
        if (name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("an attribute filter needs a name and a value");
        }
    }

    /**
     * Parses {@code name=value}.
     *
     * @param variable the configuration variable, named in the error
     */
    public static AttributeFilter parse(String variable, String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new ConfigException(variable, "must look like name=value, got '" + text + "'");
        }
        return new AttributeFilter(text.substring(0, equals).trim(), text.substring(equals + 1));
    }

    /** Whether {@code image} (may be null) holds the attribute with the wanted value. */
    public boolean matches(ObjectNode image) {
        if (image == null) {
            return false;
        }
        JsonNode attribute = image.get(name);
        if (attribute == null) {
            return false;
        }
        if (attribute.isTextual()) {
            return attribute.textValue().equals(value);
        }
        if (attribute.isNumber()) {
            try {
                return attribute.decimalValue().compareTo(new BigDecimal(value.trim())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (attribute.isBoolean()) {
            return Boolean.toString(attribute.booleanValue()).equals(value);
        }
        return false;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
