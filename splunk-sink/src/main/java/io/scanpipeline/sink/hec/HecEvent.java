package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scanpipeline.core.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Splunk HEC event. Metadata left null takes the configured default ({@link HecConfig}) or Splunk's own.
 *
 * <p>The client does not pre-validate: an event without {@code event}, a blank one, or non-flat {@code fields} is
 * sent as is, and Splunk's rejection (codes 12, 13, 15) dead-letters it with Splunk's own reason.
 *
 * @param time       event time, sent as epoch seconds with milliseconds ({@code 1700000000.123}); null = receipt time
 * @param host       {@code host}, or null
 * @param source     {@code source}, or null
 * @param sourcetype {@code sourcetype}, or null
 * @param index      {@code index}, or null
 * @param event      the payload: an object, or a string for a text event; null omits the field
 * @param fields     indexed fields; Splunk wants them flat (scalars or arrays of scalars)
 */
public record HecEvent(Instant time, String host, String source, String sourcetype, String index, JsonNode event,
                       Map<String, JsonNode> fields) {

    public HecEvent {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An event with payload {@code event} and no metadata of its own. */
    public static HecEvent of(JsonNode event) {
        return builder(event).build();
    }

    /** A builder starting from payload {@code event}. */
    public static Builder builder(JsonNode event) {
        return new Builder(event);
    }

    /**
     * Reads a Splunk event object as Splunk would receive it: {@code time} in epoch seconds (a number or a numeric
     * string), metadata strings, {@code event}, {@code fields}.
     *
     * @throws IllegalArgumentException when {@code time} is text that is not a number
     */
    public static HecEvent fromJson(ObjectNode json) {
        Builder builder = builder(json.get("event"));
        JsonNode time = json.get("time");
        if (time != null && (time.isNumber() || time.isTextual())) {
            try {
                BigDecimal seconds = time.isNumber() ? time.decimalValue() : new BigDecimal(time.asText());
                builder.time(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("time is not a number of epoch seconds: " + time, e);
            }
        }
        builder.host(text(json, "host")).source(text(json, "source")).sourcetype(text(json, "sourcetype"))
                .index(text(json, "index"));
        JsonNode fields = json.get("fields");
        if (fields != null && fields.isObject()) {
            fields.properties().forEach(field -> builder.field(field.getKey(), field.getValue()));
        }
        return builder.build();
    }

    /** The Splunk event object, with {@code defaults} filling metadata this event leaves null. */
    ObjectNode toJson(HecConfig defaults) {
        ObjectNode json = Json.mapper().createObjectNode();
        if (time != null) {
            // epoch seconds with a fraction, exactly to the millisecond (a double could print 1.7000000001229999E9)
            json.put("time", BigDecimal.valueOf(time.toEpochMilli(), 3));
        }
        putText(json, "host", host, defaults.host());
        putText(json, "source", source, defaults.source());
        putText(json, "sourcetype", sourcetype, defaults.sourcetype());
        putText(json, "index", index, defaults.index());
        if (event != null) {
            json.set("event", event);
        }
        if (!fields.isEmpty()) {
            ObjectNode out = json.putObject("fields");
            fields.forEach(out::set);
        }
        return json;
    }

    private static void putText(ObjectNode json, String name, String value, String fallback) {
        String chosen = value != null ? value : fallback;
        if (chosen != null) {
            json.put(name, chosen);
        }
    }

    private static String text(ObjectNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Builder of {@link HecEvent}. */
    public static final class Builder {
        private final JsonNode event;
        private Instant time;
        private String host;
        private String source;
        private String sourcetype;
        private String index;
        private final Map<String, JsonNode> fields = new LinkedHashMap<>();

        private Builder(JsonNode event) {
            this.event = event;
        }

        public Builder time(Instant value) {
            this.time = value;
            return this;
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public Builder sourcetype(String value) {
            this.sourcetype = value;
            return this;
        }

        public Builder index(String value) {
            this.index = value;
            return this;
        }

        /** Adds an indexed field with a text value. */
        public Builder field(String name, String value) {
            return field(name, TextNode.valueOf(Objects.requireNonNull(value, "value")));
        }

        /** Adds an indexed field; keep it flat, or Splunk rejects the event with code 15. */
        public Builder field(String name, JsonNode value) {
            fields.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public HecEvent build() {
            return new HecEvent(time, host, source, sourcetype, index, event, fields);
        }
    }
}
