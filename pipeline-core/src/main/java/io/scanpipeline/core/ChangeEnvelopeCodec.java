package io.scanpipeline.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Writes a {@link ChangeEnvelope} as compact UTF-8 JSON and reads it back, field for field (see the envelope's
 * class comment for the format). Numbers are read with {@link Json#mapper()}, so they stay exact.
 *
 * <p>There are three readers and one set of rules: {@link #fromJson} looks at the members of a tree,
 * {@link #fromBytes} and {@link #readEncoded} at the members of one streaming pass over the bytes (the latter
 * without building the item images). Each collects the top-level members it read, and one private {@code check}
 * decides for all; a repeated member counts with its last value, as in a tree. Bytes must hold exactly one JSON value
 * in UTF-8, with nothing but whitespace around it.
 */
public final class ChangeEnvelopeCodec {

    /** ISO-8601 UTC with exactly three fraction digits, e.g. {@code 2016-12-02T01:27:00.000Z}. */
    public static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    private ChangeEnvelopeCodec() {}

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

    /** The envelope in its wire form: {@link #toBytes} with the members {@link #readEncoded} would read from them. */
    public static EncodedEnvelope encode(ChangeEnvelope envelope) {
        return new EncodedEnvelope(
                toBytes(envelope),
                envelope.eventId(),
                envelope.eventName(),
                envelope.table(),
                envelope.canonicalKey(),
                envelope.sequenceNumber(),
                envelope.approximateCreationTime(),
                envelope.source());
    }

    /**
     * Reads envelope bytes written by {@link #toBytes}: exactly one JSON object in UTF-8, whitespace around it allowed.
     *
     * @throws EnvelopeFormatException {@code not JSON: ...} for bytes that are not that (malformed, truncated, followed
     *                                 by more than whitespace, UTF-16/32), else the first rule the envelope breaks
     */
    public static ChangeEnvelope fromBytes(byte[] bytes) {
        Members members = read(bytes, true);
        return envelope(check(members), members);
    }

    /**
     * Reads and checks envelope bytes exactly as {@link #fromBytes} does, but skips over the item images (checking
     * only that they are objects and that {@code keys} is not empty) and keeps the bytes instead: no tree is built
     * but the small {@code keys} and {@code source} objects.
     *
     * @throws EnvelopeFormatException with the reason {@link #fromBytes} would give
     */
    public static EncodedEnvelope readEncoded(byte[] bytes) {
        Members members = read(bytes, false);
        Checked checked = check(members);
        byte[] json = members.start == 0 && members.end == bytes.length
                ? bytes
                : Arrays.copyOfRange(bytes, members.start, members.end);
        return new EncodedEnvelope(
                json,
                checked.eventId(),
                checked.eventName(),
                checked.table(),
                ChangeEnvelope.canonicalKey(members.keysJson),
                checked.sequenceNumber(),
                checked.time(),
                checked.source());
    }

    /** Reads an envelope from its JSON object. Unknown fields are ignored (additions within version 1). */
    public static ChangeEnvelope fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw notAnObject();
        }
        Members members = Members.of(json);
        return envelope(check(members), members);
    }

    // ---- the rules, one place for all readers ----

    /** How an item image member looked: only its shape matters to the rules. */
    private enum Shape {
        /** absent, or JSON null */
        ABSENT,
        EMPTY_OBJECT,
        OBJECT,
        /** anything but an object or null */
        OTHER;

        static Shape of(JsonNode node) {
            if (node == null || node.isNull()) {
                return ABSENT;
            }
            if (node.isObject()) {
                return node.isEmpty() ? EMPTY_OBJECT : OBJECT;
            }
            return OTHER;
        }
    }

    /**
     * The top-level members the rules look at: the scalars and {@code source} as JSON (null when absent), the images
     * by shape, and their objects when the reader built them.
     */
    private static final class Members {
        JsonNode v;
        JsonNode eventId;
        JsonNode eventName;
        JsonNode table;
        JsonNode sequenceNumber;
        JsonNode time;
        JsonNode epochMillis;
        JsonNode source;
        Shape keys = Shape.ABSENT;
        Shape newImage = Shape.ABSENT;
        Shape oldImage = Shape.ABSENT;
        ObjectNode keysJson;
        ObjectNode newImageJson;
        ObjectNode oldImageJson;
        // where the envelope object starts and ends in the bytes (streaming readers)
        int start;
        int end;

        static Members of(JsonNode json) {
            Members members = new Members();
            members.v = json.get("v");
            members.eventId = json.get("eventId");
            members.eventName = json.get("eventName");
            members.table = json.get("table");
            members.sequenceNumber = json.get("sequenceNumber");
            members.time = json.get("approximateCreationTime");
            members.epochMillis = json.get("approximateCreationEpochMillis");
            members.source = json.get("source");
            members.image("keys", json.get("keys"));
            members.image("newImage", json.get("newImage"));
            members.image("oldImage", json.get("oldImage"));
            return members;
        }

        /** Sets an image member from its JSON. */
        void image(String name, JsonNode json) {
            image(name, Shape.of(json), json instanceof ObjectNode object ? object : null);
        }

        /** Sets an image member; {@code json} is null when the reader skipped it. */
        void image(String name, Shape shape, ObjectNode json) {
            switch (name) {
                case "keys" -> {
                    keys = shape;
                    keysJson = json;
                }
                case "newImage" -> {
                    newImage = shape;
                    newImageJson = json;
                }
                case "oldImage" -> {
                    oldImage = shape;
                    oldImageJson = json;
                }
                default -> throw new IllegalArgumentException("not an image: " + name);
            }
        }
    }

    /** What the rules accepted. */
    private record Checked(
            String eventId,
            ChangeEnvelope.EventName eventName,
            String table,
            String sequenceNumber,
            Instant time,
            ObjectNode source) {}

    /** The envelope rules, in the order their reasons are reported. */
    private static Checked check(Members members) {
        JsonNode v = members.v;
        if (v == null || !v.canConvertToExactIntegral() || v.asInt() != ChangeEnvelope.VERSION) {
            throw new EnvelopeFormatException(
                    "unsupported envelope version " + v + ", expected " + ChangeEnvelope.VERSION);
        }
        String name = text(members.eventName, "eventName");
        ChangeEnvelope.EventName eventName;
        try {
            eventName = ChangeEnvelope.EventName.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeFormatException("unknown eventName '" + name + "'");
        }
        String eventId = text(members.eventId, "eventId");
        String table = text(members.table, "table");
        image(members.keys, "keys", true);
        image(members.newImage, "newImage", false);
        image(members.oldImage, "oldImage", false);
        String sequenceNumber = text(members.sequenceNumber, "sequenceNumber");
        Instant time = time(members.time, members.epochMillis);
        ObjectNode source = object(members.source, "source");
        try {
            ChangeEnvelope.checkMembers(
                    ChangeEnvelope.VERSION, eventId, eventName, table, members.keys == Shape.OBJECT, sequenceNumber);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeFormatException(e.getMessage(), e);
        }
        return new Checked(
                eventId,
                eventName,
                table,
                sequenceNumber,
                time == null ? null : time.truncatedTo(ChronoUnit.MILLIS),
                source);
    }

    private static ChangeEnvelope envelope(Checked checked, Members members) {
        try {
            return new ChangeEnvelope(
                    ChangeEnvelope.VERSION,
                    checked.eventId(),
                    checked.eventName(),
                    checked.table(),
                    members.keysJson,
                    members.newImageJson,
                    members.oldImageJson,
                    checked.sequenceNumber(),
                    checked.time(),
                    checked.source());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeFormatException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            throw new EnvelopeFormatException(field + " must be a string");
        }
        return node.textValue();
    }

    private static void image(Shape shape, String field, boolean required) {
        if (shape == Shape.ABSENT && required) {
            throw new EnvelopeFormatException(field + " is required");
        }
        if (shape == Shape.OTHER) {
            throw new EnvelopeFormatException(field + " must be an object");
        }
    }

    private static ObjectNode object(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new EnvelopeFormatException(field + " must be an object");
        }
        return (ObjectNode) node;
    }

    private static Instant time(JsonNode iso, JsonNode millis) {
        if (iso != null && iso.isTextual()) {
            try {
                return parseTime(iso.textValue());
            } catch (DateTimeParseException e) {
                throw new EnvelopeFormatException("approximateCreationTime is not ISO-8601: " + iso.textValue());
            }
        }
        if (millis != null && millis.canConvertToExactIntegral()) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        return null;
    }

    /**
     * {@link Instant#parse}, with a shortcut for the form {@link #TIME_FORMAT} writes ({@code 2024-05-01T10:00:00.123Z};
     * the formatter costs about half a microsecond per call). Anything else — other fraction lengths, lower case, offsets, hour 24, leap seconds,
     * impossible dates — goes to {@link Instant#parse}, so the result (or the exception) is always its own.
     */
    static Instant parseTime(String text) {
        if (text.length() == 24
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && text.charAt(19) == '.'
                && text.charAt(23) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int millis = digits(text, 20, 23);
            if (year >= 0
                    && month >= 1
                    && month <= 12
                    && day >= 1
                    && day <= 31
                    && hour >= 0
                    && hour <= 23
                    && minute >= 0
                    && minute <= 59
                    && second >= 0
                    && second <= 59
                    && millis >= 0
                    && day <= Month.of(month).length(Year.isLeap(year))) {
                long epochDay = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(
                        epochDay * 86_400 + hour * 3_600 + minute * 60 + second, millis * 1_000_000L);
            }
        }
        return Instant.parse(text);
    }

    /** The ASCII digits {@code text[from, to)} as a number, or -1 if any is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static EnvelopeFormatException notAnObject() {
        return new EnvelopeFormatException("an envelope is a JSON object");
    }

    // ---- the streaming pass ----

    /**
     * Reads the top-level members of the one JSON value in {@code bytes}, building the item images only when
     * {@code images}. Everything is parsed (what is skipped is still checked to be well-formed JSON), and nothing but
     * whitespace may follow the value.
     */
    private static Members read(byte[] bytes, boolean images) {
        Members members = new Members();
        boolean object;
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            JsonToken first = parser.nextToken();
            object = first == JsonToken.START_OBJECT;
            if (first != null) {
                long start = parser.currentTokenLocation().getByteOffset();
                if (start < 0) {
                    // a byte source without byte offsets is decoded as UTF-16 or UTF-32
                    throw new EnvelopeFormatException("not JSON: an envelope is UTF-8");
                }
                if (object) {
                    readMembers(parser, members, images);
                } else {
                    parser.skipChildren();
                }
                members.start = (int) start;
                members.end = (int) parser.currentLocation().getByteOffset();
                JsonToken after = parser.nextToken();
                if (after != null) {
                    throw new EnvelopeFormatException(
                            "not JSON: " + after + " after the end of the envelope at " + "byte " + members.end);
                }
            }
        } catch (IOException e) {
            throw new EnvelopeFormatException("not JSON: " + e.getMessage(), e);
        }
        if (!object) {
            throw notAnObject();
        }
        return members;
    }

    private static void readMembers(JsonParser parser, Members members, boolean images) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "v" -> members.v = value(parser);
                case "eventId" -> members.eventId = value(parser);
                case "eventName" -> members.eventName = value(parser);
                case "table" -> members.table = value(parser);
                case "sequenceNumber" -> members.sequenceNumber = value(parser);
                case "approximateCreationTime" -> members.time = value(parser);
                case "approximateCreationEpochMillis" -> members.epochMillis = value(parser);
                case "source" -> members.source = value(parser);
                case "keys", "newImage", "oldImage" -> {
                    // the keys are small and name the item: always kept (readEncoded reports them)
                    if (images || name.equals("keys")) {
                        members.image(name, value(parser));
                    } else {
                        members.image(name, skipImage(parser), null);
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    /**
     * The value at the parser as the tree reader builds it: text and int or long numbers made here as the mapper's
     * node factory makes them (they are most members, and cheap), anything else by the mapper itself.
     */
    private static JsonNode value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return NODES.textNode(parser.getText());
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if (type == JsonParser.NumberType.INT) {
                return NODES.numberNode(parser.getIntValue());
            }
            if (type == JsonParser.NumberType.LONG) {
                return NODES.numberNode(parser.getLongValue());
            }
        }
        return Json.mapper().readTree(parser);
    }

    /** Skips the value at the parser, telling its shape. */
    private static Shape skipImage(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Shape.ABSENT;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Shape.OTHER;
        }
        if (parser.nextToken() == JsonToken.END_OBJECT) {
            return Shape.EMPTY_OBJECT;
        }
        // at the first member's name: skip each value up to the object's end
        do {
            parser.nextToken();
            parser.skipChildren();
        } while (parser.nextToken() == JsonToken.FIELD_NAME);
        return Shape.OBJECT;
    }
}
