package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JSON value already encoded as UTF-8, written out byte for byte. In a tree it is what
 * {@code ObjectNode.putRawValue} puts there: a {@link POJONode} holding a {@link RawValue} (of this), which any
 * Jackson generator writes as the bytes unchanged — a UTF-8 generator copies them, a character one decodes them.
 *
 * <p>Nothing is checked: the caller vouches that the bytes are exactly one well-formed JSON value.
 */
final class RawJson implements SerializableString {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = Objects.requireNonNull(utf8, "utf8");
    }

    /** The tree node for {@code utf8}: a {@link POJONode} holding a {@link RawValue} of the bytes. */
    static JsonNode node(byte[] utf8) {
        return Json.mapper().getNodeFactory().rawValueNode(new RawValue(new RawJson(utf8)));
    }

    /** The raw JSON held by {@code node} when it was made by {@link #node}, else null. */
    static RawJson in(JsonNode node) {
        return node instanceof POJONode pojo
                        && pojo.getPojo() instanceof RawValue raw
                        && raw.rawValue() instanceof RawJson json
                ? json
                : null;
    }

    /** The value parsed into a tree (a new one each call). */
    JsonNode tree() {
        try {
            return Json.mapper().readTree(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException("raw JSON that is not JSON", e);
        }
    }

    @Override
    public String getValue() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        return JsonStringEncoder.getInstance().quoteAsString(getValue());
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return utf8;
    }

    @Override
    public byte[] asQuotedUTF8() {
        return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return append(asQuotedUTF8(), buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return append(asQuotedChars(), buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        return append(utf8, buffer, offset);
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        return append(getValue().toCharArray(), buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return put(asQuotedUTF8(), buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        return put(utf8, buffer);
    }

    private static int append(byte[] value, byte[] buffer, int offset) {
        if (offset + value.length > buffer.length) {
            return -1;
        }
        System.arraycopy(value, 0, buffer, offset, value.length);
        return value.length;
    }

    private static int append(char[] value, char[] buffer, int offset) {
        if (offset + value.length > buffer.length) {
            return -1;
        }
        System.arraycopy(value, 0, buffer, offset, value.length);
        return value.length;
    }

    private static int put(byte[] value, ByteBuffer buffer) {
        if (value.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(value);
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson raw && Arrays.equals(utf8, raw.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return getValue();
    }
}
