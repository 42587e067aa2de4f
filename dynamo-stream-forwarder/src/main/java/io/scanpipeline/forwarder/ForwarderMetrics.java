package io.scanpipeline.forwarder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@link InvocationStats} into the fields of the one log line per invocation. The line is at the same time a
 * CloudWatch Embedded Metric Format document: its {@code _aws.CloudWatchMetrics} block declares the count fields as
 * metrics in namespace {@value #NAMESPACE} with dimension {@code Stream} (the target stream), so CloudWatch Logs
 * extracts them without any API call from the function.
 */
public final class ForwarderMetrics {

    /** CloudWatch namespace of the forwarder's metrics. */
    public static final String NAMESPACE = "ScanPipeline/Forwarder";
    /** The dimension naming the target Kinesis stream. */
    public static final String DIMENSION = "Stream";

    private ForwarderMetrics() {}

    /**
     * The log fields: {@code Stream}, {@code RecordsIn}, {@code RecordsPublished}, {@code RecordsFiltered},
     * {@code RecordsRetried}, {@code RecordsFailed}, {@code RecordsQuarantined}, {@code IteratorAge} (milliseconds,
     * left out when unknown) and the {@code _aws} metadata.
     */
    public static Map<String, Object> logFields(InvocationStats stats, String stream, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(DIMENSION, stream);
        fields.put("RecordsIn", stats.recordsIn());
        fields.put("RecordsPublished", stats.published());
        fields.put("RecordsFiltered", stats.filtered());
        fields.put("RecordsRetried", stats.retried());
        fields.put("RecordsFailed", stats.failed());
        fields.put("RecordsQuarantined", stats.quarantined());
        if (stats.iteratorAgeMillis() != null) {
            fields.put("IteratorAge", stats.iteratorAgeMillis());
        }
        fields.put("_aws", metadata(fields, now));
        return fields;
    }

    private static ObjectNode metadata(Map<String, Object> fields, Instant now) {
        ObjectNode aws = Json.mapper().createObjectNode();
        aws.put("Timestamp", now.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        for (String name : fields.keySet()) {
            if (!name.equals(DIMENSION)) {
                String unit = name.equals("IteratorAge") ? "Milliseconds" : "Count";
                metrics.addObject().put("Name", name).put("Unit", unit);
            }
        }
        return aws;
    }
}
