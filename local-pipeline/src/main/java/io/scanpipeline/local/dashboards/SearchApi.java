package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.splunk.search.SearchEngine;
import io.scanpipeline.splunk.search.SearchResult;
import io.scanpipeline.splunk.search.SplunkApp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/search}: runs one data source's SPL with the local search stand-in over the receiver's events,
 * brought up to date first. Request {@code {"spl", "earliest", "latest"}} (times are Splunk time modifiers; absent,
 * null or empty = unbounded); answer {@code {"fields": [..], "rows": [[cell, ..], ..]}} with the cells in field order,
 * a cell being null (no value), a string, or an array of strings (a multivalue field); {@code _time} is written as
 * Splunk's REST API writes it, ISO-8601 ({@code 2026-12-05T16:00:00.000+00:00}).
 */
public final class SearchApi {
    private final SplunkApp app;
    private final ReceiverIndex index;
    private final Clock clock;

    public SearchApi(SplunkApp app, ReceiverIndex index, Clock clock) {
        this.app = app;
        this.index = index;
        this.clock = clock;
    }

    /** The search's result; an {@link io.scanpipeline.splunk.search.SplException} or {@link BadRequest} on failure. */
    public ObjectNode search(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new BadRequest("the body must be a JSON object {\"spl\", \"earliest\", \"latest\"}");
        }
        JsonNode spl = request.get("spl");
        if (spl == null || !spl.isTextual() || spl.asText().isBlank()) {
            throw new BadRequest("field \"spl\" must be a non-empty string");
        }
        SearchEngine engine = new SearchEngine(app, index.refresh(), clock);
        SearchResult result = engine.search(spl.asText(), time(request, "earliest"), time(request, "latest"));
        ObjectNode answer = Json.mapper().createObjectNode();
        ArrayNode fields = answer.putArray("fields");
        result.fields().forEach(fields::add);
        ArrayNode rows = answer.putArray("rows");
        for (SearchResult.Row row : result.rows()) {
            ArrayNode cells = rows.addArray();
            for (String field : result.fields()) {
                List<String> values = row.values(field);
                if (values == null || values.isEmpty()) {
                    cells.addNull();
                } else if (values.size() == 1) {
                    cells.add(field.equals("_time") ? isoTime(values.get(0)) : values.get(0));
                } else {
                    ArrayNode multi = cells.addArray();
                    values.forEach(multi::add);
                }
            }
        }
        return answer;
    }

    /** {@code _time} as Splunk's REST API returns it (ISO-8601 with milliseconds and offset), as charts expect. */
    static String isoTime(String epochSeconds) {
        try {
            BigDecimal seconds = new BigDecimal(epochSeconds);
            long millis =
                    seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
            return SplunkdEndpoints.ISO.format(Instant.ofEpochMilli(millis));
        } catch (NumberFormatException | ArithmeticException e) {
            return epochSeconds; // already a formatted time
        }
    }

    private static String time(JsonNode request, String name) {
        JsonNode value = request.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new BadRequest("field \"" + name + "\" must be a Splunk time modifier string, got " + value);
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    /** A request the API cannot run: named field missing or of the wrong type. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }
}
