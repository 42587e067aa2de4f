package io.scanpipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ChangeEnvelope.EventName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tree reader ({@code fromJson}), the streaming reader ({@code fromBytes}) and the reader that skips the images
 * ({@code readEncoded}) over the same inputs: what one accepts the others accept with the same members, what one
 * rejects the others reject with the same reason.
 */
class ChangeEnvelopeReadersTest {

    private static final ChangeEnvelope FULL = full();
    private static final byte[] FULL_BYTES = ChangeEnvelopeCodec.toBytes(FULL);

    private static ChangeEnvelope full() {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("pk", AttributeValue.fromS("F-1"));
        image.put("cvss", AttributeValue.fromN("9.80"));
        image.put("text", AttributeValue.fromS("Zürich \"quoted\" \\ \n line"));
        image.put(
                "_source",
                AttributeValue.fromM(
                        Map.of("bucket", AttributeValue.fromS("scans"), "key", AttributeValue.fromS("trivy/a.json"))));
        return ChangeEnvelope.of(
                EventName.MODIFY,
                "Findings",
                Map.of("pk", AttributeValue.fromS("F-1")),
                image,
                Map.of("pk", AttributeValue.fromS("F-1")),
                "4421584500000000017450439091",
                Instant.parse("2024-05-01T10:00:00.123Z"));
    }

    private static ObjectNode tree() {
        return ChangeEnvelopeCodec.toJson(FULL).deepCopy();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode json) {
        return bytes(json.toString());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The full envelope's JSON with {@code member} replaced by {@code json} (raw JSON text), or removed if null. */
    private static byte[] with(String member, String json) {
        ObjectNode tree = tree();
        if (json == null) {
            tree.remove(member);
        } else {
            try {
                tree.set(member, Json.mapper().readTree(json));
            } catch (Exception e) {
                throw new IllegalArgumentException(json, e);
            }
        }
        return bytes(tree);
    }

    private static List<byte[]> validInputs() {
        String full = text(FULL_BYTES);
        String body = full.substring(1, full.length() - 1);
        ChangeEnvelope remove = ChangeEnvelope.of(
                EventName.REMOVE, "T", Map.of("id", AttributeValue.fromN("1")), null, null, "1", null);
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(FULL_BYTES);
        inputs.add(ChangeEnvelopeCodec.toBytes(remove));
        inputs.add(bytes(" \n\t" + full + "\r\n "));
        inputs.add(with("approximateCreationTime", null));
        inputs.add(with("approximateCreationTime", "12"));
        inputs.add(with("approximateCreationTime", "\"2024-05-01T10:00:00.123456789Z\""));
        inputs.add(with("approximateCreationEpochMillis", "1.0"));
        inputs.add(with("newImage", "null"));
        inputs.add(with("newImage", "{}"));
        inputs.add(with("oldImage", null));
        inputs.add(with("source", "null"));
        inputs.add(with("source", "{\"bucket\":5}"));
        inputs.add(with("v", "1.0"));
        inputs.add(with("v", "4294967297"));
        inputs.add(with("unknown", "{\"v\":2,\"keys\":5,\"eventName\":\"X\"}"));
        inputs.add(with("unknownArray", "[1,{\"a\":[null,true]},\"x\"]"));
        inputs.add(bytes("{\"eventName\":\"UPSERT\",\"keys\":7," + body + "}"));
        inputs.add(bytes("{" + body + ",\"table\":\"Other\",\"source\":{\"bucket\":\"b\",\"key\":\"k\"}}"));
        return inputs;
    }

    private record Invalid(byte[] bytes, String reason) {}

    private static List<Invalid> invalidInputs() {
        String full = text(FULL_BYTES);
        String body = full.substring(1, full.length() - 1);
        List<Invalid> inputs = new ArrayList<>();
        for (String notObject : List.of("", "  \n", "[]", "[{\"v\":1}]", "\"x\"", "1", "null", "true")) {
            inputs.add(new Invalid(bytes(notObject), "an envelope is a JSON object"));
        }
        inputs.add(new Invalid(with("v", null), "unsupported envelope version null, expected 1"));
        inputs.add(new Invalid(with("v", "2"), "unsupported envelope version 2, expected 1"));
        inputs.add(new Invalid(with("v", "\"1\""), "unsupported envelope version \"1\", expected 1"));
        inputs.add(new Invalid(with("v", "1.5"), "unsupported envelope version 1.5, expected 1"));
        inputs.add(new Invalid(with("v", "null"), "unsupported envelope version null, expected 1"));
        inputs.add(new Invalid(with("v", "{\"a\":1}"), "unsupported envelope version {\"a\":1}, expected 1"));
        inputs.add(new Invalid(with("eventName", null), "eventName must be a string"));
        inputs.add(new Invalid(with("eventName", "5"), "eventName must be a string"));
        inputs.add(new Invalid(with("eventName", "\"UPSERT\""), "unknown eventName 'UPSERT'"));
        inputs.add(new Invalid(with("eventName", "\"\""), "unknown eventName ''"));
        inputs.add(new Invalid(with("eventId", null), "eventId must be a string"));
        inputs.add(new Invalid(with("eventId", "[\"a\"]"), "eventId must be a string"));
        inputs.add(new Invalid(with("eventId", "\"\""), "eventId is required"));
        inputs.add(new Invalid(with("table", "7"), "table must be a string"));
        inputs.add(new Invalid(with("table", "\"\""), "table is required"));
        inputs.add(new Invalid(with("keys", null), "keys is required"));
        inputs.add(new Invalid(with("keys", "null"), "keys is required"));
        inputs.add(new Invalid(with("keys", "[{\"pk\":\"a\"}]"), "keys must be an object"));
        inputs.add(new Invalid(with("keys", "\"pk\""), "keys must be an object"));
        inputs.add(new Invalid(with("keys", "{}"), "keys are required"));
        inputs.add(new Invalid(with("newImage", "[]"), "newImage must be an object"));
        inputs.add(new Invalid(with("newImage", "\"x\""), "newImage must be an object"));
        inputs.add(new Invalid(with("oldImage", "5"), "oldImage must be an object"));
        inputs.add(new Invalid(with("sequenceNumber", null), "sequenceNumber must be a string"));
        inputs.add(
                new Invalid(with("sequenceNumber", "4421584500000000017450439091"), "sequenceNumber must be a string"));
        inputs.add(new Invalid(with("sequenceNumber", "\"\""), "sequenceNumber is required"));
        inputs.add(new Invalid(
                with("approximateCreationTime", "\"yesterday\""),
                "approximateCreationTime is not ISO-8601: yesterday"));
        inputs.add(new Invalid(with("source", "\"s3://b/k\""), "source must be an object"));
        inputs.add(new Invalid(with("source", "[]"), "source must be an object"));
        // a repeated member counts with its last value, in a tree as in a stream
        inputs.add(new Invalid(bytes("{" + body + ",\"keys\":5}"), "keys must be an object"));
        inputs.add(new Invalid(bytes("{" + body + ",\"v\":3}"), "unsupported envelope version 3, expected 1"));
        // several problems: the first rule in the documented order gives the reason
        ObjectNode several = tree();
        several.put("sequenceNumber", 5).put("eventId", "").putArray("newImage");
        inputs.add(new Invalid(bytes(several), "newImage must be an object"));
        return inputs;
    }

    /** Inputs that are not one well-formed UTF-8 JSON value: no reader of bytes may accept them. */
    private static List<byte[]> malformedInputs() {
        String full = text(FULL_BYTES);
        List<byte[]> inputs = new ArrayList<>();
        for (int length = 1; length < FULL_BYTES.length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(FULL_BYTES, length);
            if (!text(prefix).isBlank()) {
                inputs.add(prefix);
            }
        }
        for (String trailing : List.of(" x", "{}", "]", ",", "}", "\"", " 1", " {\"event\":\"injected\"}")) {
            inputs.add(bytes(full + trailing));
        }
        inputs.add(bytes("[1] x"));
        inputs.add(bytes("{\"v\":1,}"));
        inputs.add(bytes("{\"v\":01}"));
        inputs.add(bytes(full.replace("\"cvss\":9.80", "\"cvss\":09.80")));
        inputs.add(bytes(full.replace("quoted", "quo\\qted")));
        inputs.add(bytes(full.replace("\"keys\":{", "\"keys\":{'x':1,")));
        inputs.add(bytes(
                full.replace("\"newImage\":{", "\"newImage\":{\"deep\":" + "[".repeat(600) + "]".repeat(600) + ",")));
        inputs.add(replace(FULL_BYTES, "line", new byte[] {'l', 1, 'n', 'e'}));
        inputs.add(replace(FULL_BYTES, "line", new byte[] {'l', (byte) 0xFF, 'n', 'e'}));
        inputs.add(replace(FULL_BYTES, "line", new byte[] {'l', (byte) 0xC3, 'n', 'e'}));
        inputs.add(full.getBytes(StandardCharsets.UTF_16BE));
        inputs.add(full.getBytes(StandardCharsets.UTF_16LE));
        return inputs;
    }

    private static byte[] replace(byte[] bytes, String target, byte[] replacement) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(target);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(replacement);
        out.write(bytes, at + target.length(), bytes.length - at - target.length());
        return out.toByteArray();
    }

    private static ChangeEnvelope viaTree(byte[] bytes) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(bytes);
        } catch (Exception e) {
            throw new AssertionError("the test input is not JSON: " + text(bytes), e);
        }
        return ChangeEnvelopeCodec.fromJson(json);
    }

    @Test
    void validEnvelopes_readTheSameWithEveryReader() {
        for (byte[] input : validInputs()) {
            ChangeEnvelope tree = viaTree(input);
            ChangeEnvelope streamed = ChangeEnvelopeCodec.fromBytes(input);
            EncodedEnvelope encoded = ChangeEnvelopeCodec.readEncoded(input);

            assertThat(streamed).as(text(input)).isEqualTo(tree);
            assertThat(encoded.eventId()).isEqualTo(tree.eventId());
            assertThat(encoded.eventName()).isEqualTo(tree.eventName());
            assertThat(encoded.table()).isEqualTo(tree.table());
            assertThat(encoded.canonicalKey()).as(text(input)).isEqualTo(tree.canonicalKey());
            assertThat(encoded.sequenceNumber()).isEqualTo(tree.sequenceNumber());
            assertThat(encoded.approximateCreationTime()).as(text(input)).isEqualTo(tree.approximateCreationTime());
            assertThat(encoded.source()).isEqualTo(tree.source());
            assertThat(text(encoded.json())).isEqualTo(text(input).strip());
        }
    }

    @Test
    void invalidEnvelopes_getTheSameReasonFromEveryReader() {
        for (Invalid input : invalidInputs()) {
            String description = text(input.bytes());
            assertThatThrownBy(() -> viaTree(input.bytes()))
                    .as("tree: " + description)
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage(input.reason());
            assertThatThrownBy(() -> ChangeEnvelopeCodec.fromBytes(input.bytes()))
                    .as("fromBytes: " + description)
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage(input.reason());
            assertThatThrownBy(() -> ChangeEnvelopeCodec.readEncoded(input.bytes()))
                    .as("readEncoded: " + description)
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage(input.reason());
        }
    }

    @Test
    void malformedJson_truncatedOrWithTrailingContent_isRejectedByBothByteReaders() {
        for (byte[] input : malformedInputs()) {
            String description = text(input);
            Throwable streamed = catchThrowable(() -> ChangeEnvelopeCodec.fromBytes(input));
            Throwable encoded = catchThrowable(() -> ChangeEnvelopeCodec.readEncoded(input));

            assertThat(streamed)
                    .as("fromBytes: " + description)
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessageStartingWith("not JSON: ");
            assertThat(encoded)
                    .as("readEncoded: " + description)
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessageStartingWith("not JSON: ");
        }
    }

    @Test
    void readEncoded_keepsTheRecordBytes_withoutCopyingThemWhenNothingSurroundsTheObject() {
        EncodedEnvelope exact = ChangeEnvelopeCodec.readEncoded(FULL_BYTES);
        assertThat(exact.json()).isSameAs(FULL_BYTES);

        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] padded = bytes(" \n" + text(FULL_BYTES) + "\n");
        byte[] withBom = new byte[bom.length + padded.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(padded, 0, withBom, bom.length, padded.length);
        assertThat(ChangeEnvelopeCodec.readEncoded(padded).json()).isEqualTo(FULL_BYTES);
        assertThat(ChangeEnvelopeCodec.readEncoded(withBom).json()).isEqualTo(FULL_BYTES);
    }

    @Test
    void encode_givesWhatReadEncodedReadsFromTheBytes() {
        EncodedEnvelope encoded = ChangeEnvelopeCodec.encode(FULL);
        EncodedEnvelope read = ChangeEnvelopeCodec.readEncoded(encoded.json());

        assertThat(encoded.json()).isEqualTo(FULL_BYTES);
        assertThat(read.toString()).isEqualTo(encoded.toString());
        assertThat(read.approximateCreationTime()).isEqualTo(encoded.approximateCreationTime());
        assertThat(read.source()).isEqualTo(encoded.source());
    }

    @Test
    void timeShortcut_givesWhatInstantParseGives_orItsException() {
        java.util.Random random = new java.util.Random(42);
        List<String> texts = new ArrayList<>(List.of(
                "2024-05-01T10:00:00.123Z",
                "0000-01-01T00:00:00.000Z",
                "9999-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00.000Z",
                "1969-12-31T23:59:59.999Z",
                "2000-02-29T12:00:00.000Z",
                "2024-02-29T12:00:00.000Z",
                "1900-02-29T12:00:00.000Z",
                "2023-02-29T12:00:00.000Z",
                "2023-04-31T12:00:00.000Z",
                "2023-13-01T12:00:00.000Z",
                "2023-00-01T12:00:00.000Z",
                "2023-01-00T12:00:00.000Z",
                "2023-01-32T12:00:00.000Z",
                "2023-01-01T24:00:00.000Z",
                "2023-12-31T23:59:60.000Z",
                "2023-01-01T23:60:00.000Z",
                "2023-01-01t12:00:00.000z",
                "2023-01-01T12:00:00.000+01:00",
                "2023-01-01T12:00:00Z",
                "2023-01-01T12:00:00.1234Z",
                "2023-01-01T12:00:00.12Z",
                "2023-01-01T12:00:00,123Z",
                "2023-01-01T12:00:0x.123Z",
                "+2023-01-01T12:00:00.12Z",
                "2023-01-01 12:00:00.123Z",
                "-001-01-01T00:00:00.000Z",
                "2023-1-01T12:00:00.1234Z",
                "２０２３-01-01T12:00:00.000Z",
                ""));
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L);
            texts.add(ChangeEnvelopeCodec.TIME_FORMAT.format(Instant.ofEpochMilli(millis)));
        }
        for (String text : texts) {
            Object expected;
            try {
                expected = Instant.parse(text);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            Object actual;
            try {
                actual = ChangeEnvelopeCodec.parseTime(text);
            } catch (RuntimeException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }
}
