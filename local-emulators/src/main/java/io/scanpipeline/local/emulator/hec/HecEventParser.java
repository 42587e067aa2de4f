package io.scanpipeline.local.emulator.hec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request body into HEC event objects, or into the error Splunk would answer. Validation stops at the first
 * bad event, and a batch is all or nothing: the caller stores nothing when {@link Result#error()} is set.
 */
final class HecEventParser {

    /** Either the events of a valid body or the error reply for the first bad one. */
    record Result(List<ObjectNode> events, HecReply error) {
        static Result ok(List<ObjectNode> events) {
            return new Result(List.copyOf(events), null);
        }

        static Result failed(HecReply error) {
            return new Result(List.of(), error);
        }
    }

    private HecEventParser() {}

    /** Parses JSON event objects written back to back, with or without whitespace between them. */
    static Result parseEvents(byte[] body, Set<String> allowedIndexes) {
        if (isBlank(body)) {
            return Result.failed(HecReply.of(5));
        }
        List<ObjectNode> events = new ArrayList<>();
        try (JsonParser parser = EmulatorJson.mapper().createParser(body)) {
            while (true) {
                int number = events.size();
                ObjectNode event;
                try {
                    JsonToken token = parser.nextToken();
                    if (token == null) {
                        break;
                    }
                    if (token != JsonToken.START_OBJECT) {
                        return Result.failed(HecReply.invalidEvent(6, number));
                    }
                    event = EmulatorJson.mapper().readTree(parser);
                } catch (IOException malformed) {
                    return Result.failed(HecReply.invalidEvent(6, number));
                }
                Integer code = invalidCode(event, allowedIndexes);
                if (code != null) {
                    return Result.failed(HecReply.invalidEvent(code, number));
                }
                events.add(event);
            }
        } catch (IOException e) {
            // only close() can get here, and closing a parser over a byte array does no I/O
            throw new UncheckedIOException(e);
        }
        return Result.ok(events);
    }

    /**
     * Parses a raw body: one event per non-blank line (Splunk breaks lines per sourcetype; lines are the default),
     * with host, source, sourcetype, index and time taken from the query string.
     */
    static Result parseRaw(byte[] body, Map<String, String> query, Set<String> allowedIndexes) {
        String index = query.get("index");
        if (index != null && !allowedIndexes.isEmpty() && !allowedIndexes.contains(index)) {
            return Result.failed(HecReply.of(7));
        }
        List<ObjectNode> events = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode event = EmulatorJson.mapper().createObjectNode();
            for (String key : List.of("time", "host", "source", "sourcetype", "index")) {
                if (query.containsKey(key)) {
                    event.put(key, query.get(key));
                }
            }
            event.put("event", line);
            events.add(event);
        }
        return events.isEmpty() ? Result.failed(HecReply.of(5)) : Result.ok(events);
    }

    /** The HEC code for a parsed but invalid event, or null when the event is acceptable. */
    private static Integer invalidCode(JsonNode event, Set<String> allowedIndexes) {
        JsonNode payload = event.get("event");
        if (payload == null || payload.isNull()) {
            return 12;
        }
        if (payload.isTextual() && payload.asText().isBlank()) {
            return 13;
        }
        JsonNode fields = event.get("fields");
        if (fields != null && !isFlat(fields)) {
            return 15;
        }
        JsonNode time = event.get("time");
        if (time != null && !time.isNumber() && !isNumericText(time)) {
            return 6;
        }
        JsonNode index = event.get("index");
        if (index != null && !allowedIndexes.isEmpty() && !allowedIndexes.contains(index.asText())) {
            return 7;
        }
        return null;
    }

    /** Indexed fields: an object whose values are scalars or arrays of scalars (multi-value fields). */
    private static boolean isFlat(JsonNode fields) {
        if (!fields.isObject()) {
            return false;
        }
        for (JsonNode value : fields) {
            if (value.isObject()) {
                return false;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (element.isContainerNode()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean isNumericText(JsonNode time) {
        if (!time.isTextual()) {
            return false;
        }
        try {
            new BigDecimal(time.asText());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
