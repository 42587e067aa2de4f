package io.scanpipeline.ingest.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which fields of a record become attributes of its item ("keep only the necessary keys and values").
 *
 * <p>Spec: comma separated entries {@code path} or {@code path=name}; a path is dotted into nested objects and is
 * flattened to an attribute name with '_' unless renamed, e.g. {@code VulnerabilityID,Severity,CVSS.nvd.V3Score=cvss}.
 * Fields are looked up in the record, then in its context (e.g. Trivy's {@code Target}). A field the record lacks is
 * simply absent from the item. The empty projection keeps the whole record.
 */
public final class Projection {

    /** One kept field. */
    public record Field(FieldPath path, String attribute) {}

    private static final Projection ALL = new Projection(List.of());

    private final List<Field> fields;

    private Projection(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** Keeps the whole record. */
    public static Projection all() {
        return ALL;
    }

    /** Parses a projection spec; blank means {@link #all()}. */
    public static Projection parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ALL;
        }
        List<Field> fields = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            FieldPath path = FieldPath.parse(eq < 0 ? trimmed : trimmed.substring(0, eq));
            String attribute =
                    eq < 0 ? path.flatName() : trimmed.substring(eq + 1).trim();
            if (attribute.isEmpty()) {
                throw new IllegalArgumentException("empty attribute name after '=' in '" + trimmed + "'");
            }
            if (!names.add(attribute)) {
                throw new IllegalArgumentException("attribute '" + attribute + "' is produced twice");
            }
            fields.add(new Field(path, attribute));
        }
        return fields.isEmpty() ? ALL : new Projection(fields);
    }

    /** True when the whole record is kept. */
    public boolean keepsAll() {
        return fields.isEmpty();
    }

    public List<Field> fields() {
        return fields;
    }

    /** The projected copy of a record (the record itself when everything is kept). */
    public ObjectNode apply(JsonNode record, JsonNode context) {
        if (keepsAll()) {
            if (record.isObject()) {
                return (ObjectNode) record;
            }
            throw new RecordRejectedException(
                    RejectReason.BAD_RECORD_TYPE, "", "record is " + describe(record) + ", not a JSON object");
        }
        if (!record.isObject()) {
            throw new RecordRejectedException(
                    RejectReason.BAD_RECORD_TYPE, "", "record is " + describe(record) + ", not a JSON object");
        }
        ObjectNode projected = Json.mapper().createObjectNode();
        for (Field field : fields) {
            JsonNode value = field.path().find(record, context);
            if (value != null) {
                projected.set(field.attribute(), value);
            }
        }
        return projected;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    @Override
    public String toString() {
        if (keepsAll()) {
            return "*";
        }
        return String.join(
                ",", fields.stream().map(f -> f.path() + "=" + f.attribute()).toList());
    }
}
