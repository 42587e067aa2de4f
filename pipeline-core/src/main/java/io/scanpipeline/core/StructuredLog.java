package io.scanpipeline.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON object per line on standard output (CloudWatch Logs on Lambda, the console locally).
 *
 * <p>Callers pass structured fields, never preformatted secrets: there is no API to log a whole configuration
 * object, and configuration records keep tokens out of {@code toString}.
 */
public final class StructuredLog {

    private final String logger;
    private final Consumer<String> sink;

    private StructuredLog(String logger, Consumer<String> sink) {
        this.logger = logger;
        this.sink = sink;
    }

    /** A log writing to standard output. */
    public static StructuredLog forClass(Class<?> type) {
        PrintStream out = System.out;
        return new StructuredLog(type.getSimpleName(), out::println);
    }

    /** A log writing lines to {@code sink} (tests collect lines with this). */
    public static StructuredLog to(String logger, Consumer<String> sink) {
        return new StructuredLog(logger, sink);
    }

    public void info(String event, Map<String, ?> fields) {
        write("INFO", event, fields);
    }

    public void warn(String event, Map<String, ?> fields) {
        write("WARN", event, fields);
    }

    public void error(String event, Map<String, ?> fields) {
        write("ERROR", event, fields);
    }

    /** Writes an already built JSON object (e.g. an Embedded Metric Format document) as one line. */
    public void raw(ObjectNode line) {
        sink.accept(line.toString());
    }

    private void write(String level, String event, Map<String, ?> fields) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", logger);
        line.put("event", event);
        fields.forEach((k, v) -> line.set(k, Json.mapper().valueToTree(v)));
        try {
            sink.accept(Json.mapper().writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept(
                    "{\"level\":\"ERROR\",\"event\":\"log_failure\",\"message\":\"" + e.getOriginalMessage() + "\"}");
        }
    }
}
