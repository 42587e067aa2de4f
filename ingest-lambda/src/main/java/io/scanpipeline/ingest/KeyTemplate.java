package io.scanpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A key template such as {@code ${Target}#${VulnerabilityID}#${PkgName}}: literal text with {@code ${field}}
 * placeholders, where a field is a dotted path into the record ({@code ${PkgIdentifier.PURL}}). A field is looked
 * up in the record first, then in the record's context (scalar fields of the enclosing objects).
 */
public final class KeyTemplate {

    private final String text;
    private final List<Part> parts;

    private record Part(String literal, FieldPath field) {
    }

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
                throw new RecordRejectedException(RejectReason.MISSING_KEY_FIELD, field,
                        "key '" + keyName + "' (template " + text + ") needs field '" + field + "', which the record lacks");
            }
            if (value.isNull()) {
                throw new RecordRejectedException(RejectReason.MISSING_KEY_FIELD, field,
                        "key '" + keyName + "' (template " + text + ") needs field '" + field + "', which is null");
            }
            if (!value.isValueNode()) {
                throw new RecordRejectedException(RejectReason.BAD_KEY_TYPE, field,
                        "key '" + keyName + "' field '" + field + "' is " + (value.isArray() ? "an array" : "an object")
                                + "; key fields must be strings, numbers or booleans");
            }
            key.append(value.isNumber() ? exactNumber(value) : value.asText());
        }
        if (key.length() == 0) {
            throw new RecordRejectedException(RejectReason.MISSING_KEY_FIELD, parts.get(0).field() == null
                    ? keyName : parts.get(0).field().toString(),
                    "key '" + keyName + "' (template " + text + ") expands to an empty string, which DynamoDB rejects");
        }
        return key.toString();
    }

    private static String exactNumber(JsonNode value) {
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString();
        }
        return value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.decimalValue().toPlainString();
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
