package io.scanpipeline.ingest.item;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.ingest.read.RecordReader;
import java.util.List;

/**
 * A dotted path to a field of a record, e.g. {@code CVSS.nvd.V3Score}. Lookups go to the record first and then to
 * its context (the scalar fields of enclosing objects, see {@link RecordReader}). A leading {@code ^}
 * ({@code ^Namespace}) looks in the context only: for when the record has a field of the same name, as Trivy's
 * Kubernetes misconfigurations do.
 *
 * @param segments    the field names
 * @param contextOnly true for {@code ^path}
 */
public record FieldPath(List<String> segments, boolean contextOnly) {

    public FieldPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty field name in path '" + String.join(".", segments) + "'");
        }
    }

    public static FieldPath parse(String dotted) {
        String trimmed = dotted.trim();
        boolean contextOnly = trimmed.startsWith("^");
        String path = contextOnly ? trimmed.substring(1) : trimmed;
        return new FieldPath(List.of(path.split("\\.", -1)), contextOnly);
    }

    /** The value at this path in {@code record} (unless context-only), else in {@code context}, else null. */
    public JsonNode find(JsonNode record, JsonNode context) {
        JsonNode value = contextOnly ? null : at(record);
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
        return (contextOnly ? "^" : "") + String.join(".", segments);
    }
}
