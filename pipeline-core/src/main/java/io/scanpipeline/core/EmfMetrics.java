package io.scanpipeline.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CloudWatch Embedded Metric Format document: one JSON log line that CloudWatch turns into metrics, and that
 * doubles as the structured log line of the unit of work (its other fields are searchable in Logs Insights).
 */
public final class EmfMetrics {

    /** Metric units used by the project. */
    public enum Unit {
        Count,
        Milliseconds,
        Bytes
    }

    private final String namespace;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Number> values = new LinkedHashMap<>();
    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public EmfMetrics(String namespace) {
        this.namespace = namespace;
    }

    public EmfMetrics dimension(String name, String value) {
        dimensions.put(name, value);
        return this;
    }

    public EmfMetrics metric(String name, Number value, Unit unit) {
        values.put(name, value);
        units.put(name, unit);
        return this;
    }

    /** A field that is logged but is not a metric (object key, status, error text). */
    public EmfMetrics property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** The document, with {@code level} and {@code event} like every other log line. */
    public ObjectNode toJson(String event) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("timestamp", Instant.now().toString());
        root.put("level", "INFO");
        root.put("event", event);
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", Instant.now().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        units.forEach((name, unit) -> metrics.addObject().put("Name", name).put("Unit", unit.name()));
        dimensions.forEach(root::put);
        values.forEach((name, value) -> root.set(name, Json.mapper().valueToTree(value)));
        properties.forEach((name, value) -> root.set(name, Json.mapper().valueToTree(value)));
        return root;
    }
}
