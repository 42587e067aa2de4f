package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
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
 * @param event      the payload: an object, or a string for a text event, or JSON bytes sent as they are (see
 *                   {@link #builderOfJson}); null omits the field
 * @param fields     indexed fields; Splunk wants them flat (scalars or arrays of scalars)
 */
public record HecEvent(
        Instant time,
        String host,
        String source,
        String sourcetype,
        String index,
        JsonNode event,
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
     * A builder starting from a payload already encoded as JSON: {@code utf8Json} is sent byte for byte as the
     * event's {@code event}, never parsed or re-encoded. It must be exactly one well-formed JSON value in UTF-8 (the
     * client does not check: bytes that are not would corrupt the request). {@link #event()} is then a node that
     * serialises to these bytes (a {@code POJONode} holding a {@code RawValue}, as {@code ObjectNode.putRawValue}
     * makes); {@link #eventTree()} parses them.
     */
    public static Builder builderOfJson(byte[] utf8Json) {
        return new Builder(RawJson.node(utf8Json));
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
        builder.host(text(json, "host"))
                .source(text(json, "source"))
                .sourcetype(text(json, "sourcetype"))
                .index(text(json, "index"));
        JsonNode fields = json.get("fields");
        if (fields != null && fields.isObject()) {
            fields.properties().forEach(field -> builder.field(field.getKey(), field.getValue()));
        }
        return builder.build();
    }

    /**
     * The payload as a JSON tree: {@link #event()} itself, or, for a payload given as JSON bytes
     * ({@link #builderOfJson}), those bytes parsed (a new tree each call).
     */
    public JsonNode eventTree() {
        RawJson raw = RawJson.in(event);
        return raw == null ? event : raw.tree();
    }

    /**
     * Writes the Splunk event object, with {@code defaults} filling metadata this event leaves null: {@code time},
     * {@code host}, {@code source}, {@code sourcetype}, {@code index}, {@code event}, {@code fields}, each only when
     * set. A payload given as JSON bytes is copied as is.
     */
    void writeTo(JsonGenerator json, HecConfig defaults) throws IOException {
        json.writeStartObject();
        if (time != null) {
            // epoch seconds with a fraction, exactly to the millisecond (a double could print 1.7000000001229999E9)
            json.writeNumberField("time", BigDecimal.valueOf(time.toEpochMilli(), 3));
        }
        writeText(json, "host", host, defaults.host());
        writeText(json, "source", source, defaults.source());
        writeText(json, "sourcetype", sourcetype, defaults.sourcetype());
        writeText(json, "index", index, defaults.index());
        if (event != null) {
            json.writeFieldName("event");
            writeValue(json, event);
        }
        if (!fields.isEmpty()) {
            json.writeObjectFieldStart("fields");
            for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
                json.writeFieldName(field.getKey());
                writeValue(json, field.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, JsonNode value) throws IOException {
        RawJson raw = RawJson.in(value);
        if (raw != null) {
            json.writeRawValue(raw);
        } else if (value.isTextual()) {
            json.writeString(value.textValue());
        } else {
            json.writeTree(value);
        }
    }

    private static void writeText(JsonGenerator json, String name, String value, String fallback) throws IOException {
        String chosen = value != null ? value : fallback;
        if (chosen != null) {
            json.writeStringField(name, chosen);
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
