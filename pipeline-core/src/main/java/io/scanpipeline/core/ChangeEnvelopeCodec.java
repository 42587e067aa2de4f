package io.scanpipeline.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Writes a {@link ChangeEnvelope} as compact UTF-8 JSON and reads it back, field for field (see the envelope's
 * class comment for the format). Numbers are read with {@link Json#mapper()}, so they stay exact.
 */
public final class ChangeEnvelopeCodec {

    /** ISO-8601 UTC with exactly three fraction digits, e.g. {@code 2016-12-02T01:27:00.000Z}. */
    public static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ChangeEnvelopeCodec() {
    }

    /** The envelope as a JSON object, fields in the documented order, absent fields left out. */
    public static ObjectNode toJson(ChangeEnvelope envelope) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("v", envelope.v());
        json.put("eventId", envelope.eventId());
        json.put("eventName", envelope.eventName().name());
        json.put("table", envelope.table());
        json.set("keys", envelope.keys());
        if (envelope.newImage() != null) {
            json.set("newImage", envelope.newImage());
        }
        if (envelope.oldImage() != null) {
            json.set("oldImage", envelope.oldImage());
        }
        json.put("sequenceNumber", envelope.sequenceNumber());
        if (envelope.approximateCreationTime() != null) {
            json.put("approximateCreationTime", TIME_FORMAT.format(envelope.approximateCreationTime()));
            json.put("approximateCreationEpochMillis", envelope.approximateCreationEpochMillis());
        }
        if (envelope.source() != null) {
            json.set("source", envelope.source());
        }
        return json;
    }

    /** The envelope as compact UTF-8 JSON bytes: what goes into a Kinesis record. */
    public static byte[] toBytes(ChangeEnvelope envelope) {
        try {
            return Json.mapper().writeValueAsBytes(toJson(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write envelope " + envelope.eventId(), e);
        }
    }

    /** Reads envelope bytes written by {@link #toBytes}. */
    public static ChangeEnvelope fromBytes(byte[] bytes) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new EnvelopeFormatException("not JSON: " + e.getMessage(), e);
        }
        return fromJson(json);
    }

    /** Reads an envelope from its JSON object. Unknown fields are ignored (additions within version 1). */
    public static ChangeEnvelope fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new EnvelopeFormatException("an envelope is a JSON object");
        }
        JsonNode v = json.get("v");
        if (v == null || !v.canConvertToExactIntegral() || v.asInt() != ChangeEnvelope.VERSION) {
            throw new EnvelopeFormatException("unsupported envelope version " + v + ", expected "
                    + ChangeEnvelope.VERSION);
        }
        ChangeEnvelope.EventName eventName;
        try {
            eventName = ChangeEnvelope.EventName.valueOf(text(json, "eventName"));
        } catch (IllegalArgumentException e) {
            throw new EnvelopeFormatException("unknown eventName '" + json.get("eventName").asText() + "'");
        }
        try {
            return new ChangeEnvelope(ChangeEnvelope.VERSION, text(json, "eventId"), eventName, text(json, "table"),
                    object(json, "keys", true), object(json, "newImage", false), object(json, "oldImage", false),
                    text(json, "sequenceNumber"), time(json), object(json, "source", false));
        } catch (IllegalArgumentException e) {
            throw new EnvelopeFormatException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new EnvelopeFormatException(field + " must be a string");
        }
        return node.textValue();
    }

    private static ObjectNode object(JsonNode json, String field, boolean required) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new EnvelopeFormatException(field + " is required");
            }
            return null;
        }
        if (!node.isObject()) {
            throw new EnvelopeFormatException(field + " must be an object");
        }
        return (ObjectNode) node;
    }

    private static Instant time(JsonNode json) {
        JsonNode iso = json.get("approximateCreationTime");
        if (iso != null && iso.isTextual()) {
            try {
                return Instant.parse(iso.textValue());
            } catch (DateTimeParseException e) {
                throw new EnvelopeFormatException("approximateCreationTime is not ISO-8601: " + iso.textValue());
            }
        }
        JsonNode millis = json.get("approximateCreationEpochMillis");
        if (millis != null && millis.canConvertToExactIntegral()) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        return null;
    }
}
