package io.scanpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A dotted path to a field of a record, e.g. {@code CVSS.nvd.V3Score}. Lookups go to the record first and then to
 * its context (the scalar fields of enclosing objects, see {@link RecordReader}).
 */
public record FieldPath(List<String> segments) {

    public FieldPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty field name in path '" + String.join(".", segments) + "'");
        }
    }

    public static FieldPath parse(String dotted) {
        return new FieldPath(List.of(dotted.trim().split("\\.", -1)));
    }

    /** The value at this path in {@code record}, else in {@code context}, else null. */
    public JsonNode find(JsonNode record, JsonNode context) {
        JsonNode value = at(record);
        if (value == null && context != null) {
            value = at(context);
        }
        return value;
    }

    private JsonNode at(JsonNode node) {
        JsonNode current = node;
        for (String segment : segments) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(segment);
        }
        return current;
    }

    /** The attribute name this path flattens to: segments joined with '_' ({@code CVSS_nvd_V3Score}). */
    public String flatName() {
        return String.join("_", segments);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
