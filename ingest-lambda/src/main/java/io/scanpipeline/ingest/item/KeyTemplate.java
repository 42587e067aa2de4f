package io.scanpipeline.ingest.item;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Utf16;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A key template such as {@code ${Target}#${VulnerabilityID}#${PkgName}}: literal text with {@code ${field}}
 * placeholders, where a field is a dotted path into the record ({@code ${PkgIdentifier.PURL}}). A field is looked
 * up in the record first, then in the record's context (scalar fields of the enclosing objects).
 */
public final class KeyTemplate {

    /** DynamoDB's longest key (a partition key of 2,048 bytes); a number longer written out can be no key. */
    private static final int MAX_PLAIN_NUMBER_CHARS = 2048;

    private final String text;
    private final List<Part> parts;

    private record Part(String literal, FieldPath field) {}

    private KeyTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with the position of the problem when the template is malformed
     */
    public static KeyTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("template is empty");
        }
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                parts.add(new Part(text.substring(i), null));
                break;
            }
            if (start > i) {
                parts.add(new Part(text.substring(i, start), null));
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("'${' at position " + start + " is never closed in '" + text + "'");
            }
            String field = text.substring(start + 2, end).trim();
            if (field.isEmpty()) {
                throw new IllegalArgumentException("empty '${}' at position " + start + " in '" + text + "'");
            }
            parts.add(new Part(null, FieldPath.parse(field)));
            i = end + 1;
        }
        if (parts.stream().noneMatch(p -> p.field() != null)) {
            throw new IllegalArgumentException("'" + text + "' has no ${field}: every record would get the same key");
        }
        return new KeyTemplate(text, List.copyOf(parts));
    }

    /**
     * Expands the template for one record.
     *
     * @throws RecordRejectedException naming the field when it is missing, null, empty or not a scalar
     */
    public String expand(JsonNode record, JsonNode context, String keyName) {
        StringBuilder key = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                key.append(part.literal());
                continue;
            }
            JsonNode value = part.field().find(record, context);
            String field = part.field().toString();
            if (value == null || value.isMissingNode()) {
                throw new RecordRejectedException(
                        RejectReason.MISSING_KEY_FIELD,
                        field,
                        "key '" + keyName + "' (template " + text + ") needs field '" + field
                                + "', which the record lacks");
            }
            if (value.isNull()) {
                throw new RecordRejectedException(
                        RejectReason.MISSING_KEY_FIELD,
                        field,
                        "key '" + keyName + "' (template " + text + ") needs field '" + field + "', which is null");
            }
            if (!value.isValueNode()) {
                throw new RecordRejectedException(
                        RejectReason.BAD_KEY_TYPE,
                        field,
                        "key '" + keyName + "' field '" + field + "' is " + (value.isArray() ? "an array" : "an object")
                                + "; key fields must be strings, numbers or booleans");
            }
            String text = value.isNumber() ? exactNumber(value, keyName, field) : value.asText();
            int bad = Utf16.firstLoneSurrogate(text);
            if (bad >= 0) {
                // values elsewhere are repaired (U+FFFD) and noted, but a repaired key would be another record's key
                throw new RecordRejectedException(
                        RejectReason.INVALID_UNICODE,
                        field,
                        "key '" + keyName
                                + "' field '" + field + "' is not valid Unicode (lone surrogate "
                                + Utf16.describe(text, bad)
                                + "); a key is never altered");
            }
            key.append(text);
        }
        if (key.length() == 0) {
            throw new RecordRejectedException(
                    RejectReason.MISSING_KEY_FIELD,
                    parts.get(0).field() == null
                            ? keyName
                            : parts.get(0).field().toString(),
                    "key '" + keyName + "' (template " + text + ") expands to an empty string, which DynamoDB rejects");
        }
        return key.toString();
    }

    /**
     * A number written out in full ({@code 1.5e3} is key {@code 1500}). The length of that text is worked out
     * before it is built: {@code 1e999999999} would be a billion digits, far over any key limit, so it is
     * rejected as too long instead of being written out.
     */
    private static String exactNumber(JsonNode value, String keyName, String field) {
        if (!value.isBigDecimal() && value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        BigDecimal decimal = value.decimalValue();
        long length = plainLength(decimal);
        if (length > MAX_PLAIN_NUMBER_CHARS) {
            throw new RecordRejectedException(
                    RejectReason.KEY_TOO_LONG,
                    field,
                    "key '" + keyName + "' field '"
                            + field + "' is the number " + abbreviate(decimal.toString()) + ", which is " + length
                            + " digits written out; keys are at most " + MAX_PLAIN_NUMBER_CHARS + " bytes");
        }
        return decimal.toPlainString();
    }

    /** Length of {@code toPlainString()} without building it. */
    static long plainLength(BigDecimal d) {
        long digits = d.precision();
        long scale = d.scale();
        long sign = d.signum() < 0 ? 1 : 0;
        if (scale <= 0) {
            return sign + digits + (d.signum() == 0 ? 0 : -scale);
        }
        return sign + (scale >= digits ? scale + 2 : digits + 1); // "0." and leading zeros, or a point inside
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** The fields the template reads, in order. */
    public List<FieldPath> fields() {
        return parts.stream().filter(p -> p.field() != null).map(Part::field).toList();
    }

    /** True when the template is exactly one field and no literal text. */
    public boolean isSingleField() {
        return parts.size() == 1 && parts.get(0).field() != null;
    }

    @Override
    public String toString() {
        return text;
    }
}
