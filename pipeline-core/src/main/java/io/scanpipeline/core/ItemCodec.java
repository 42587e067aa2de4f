package io.scanpipeline.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between JSON and DynamoDB {@link AttributeValue}s without losing a digit.
 *
 * <p>JSON to DynamoDB: strings, booleans, nulls, objects (M) and arrays (L) map one to one; numbers are sent as
 * their exact decimal text. A number DynamoDB cannot hold (more than 38 significant digits, or a magnitude outside
 * 1E-130 .. 9.99E+125) becomes a string, and a {@link Note} says so: nothing is rounded silently. Nesting deeper
 * than DynamoDB's 32 levels fails with an {@link ItemConversionException} naming the path. A string or attribute
 * name that is not valid Unicode (a lone surrogate) has each lone surrogate replaced with U+FFFD, and a note.
 *
 * <p>DynamoDB to JSON: every type (S, N, B, SS, NS, BS, M, L, NULL, BOOL); numbers become exact JSON numbers
 * (integers stay integers of any size, decimals keep their digits); binary becomes base64 text; sets become arrays.
 */
public final class ItemCodec {

    /** DynamoDB's limit on nested attribute levels. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** DynamoDB's limit on significant digits of a number. */
    public static final int MAX_NUMBER_DIGITS = 38;
    /** DynamoDB's maximum item size, in bytes. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ItemCodec() {}

    /** Something the conversion had to change, e.g. a too-long number kept as a string. */
    public record Note(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /** Converts a JSON object into a DynamoDB item; the notes of changed values are added to {@code notes}. */
    public static Map<String, AttributeValue> toItem(ObjectNode object, List<Note> notes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = validName(field.getKey(), "", notes);
            item.put(name, toAttributeValue(field.getValue(), name, 0, notes));
        }
        return item;
    }

    /** Converts one JSON value found at {@code path} (used in messages and notes). */
    public static AttributeValue toAttributeValue(JsonNode value, String path, List<Note> notes) {
        return toAttributeValue(value, path, 0, notes);
    }

    private static AttributeValue toAttributeValue(JsonNode value, String path, int depth, List<Note> notes) {
        switch (value.getNodeType()) {
            case STRING:
                if (value instanceof UnconvertedNumberNode number) {
                    notes.add(new Note(
                            path,
                            number.reason() + "; stored as the string \"" + abbreviate(number.textValue()) + "\""));
                }
                return AttributeValue.fromS(validString(value.textValue(), path, notes));
            case BOOLEAN:
                return AttributeValue.fromBool(value.booleanValue());
            case NULL:
            case MISSING:
                return AttributeValue.fromNul(true);
            case NUMBER:
                return number(value, path, notes);
            case BINARY:
                return AttributeValue.fromB(SdkBytes.fromByteArray(binary(value)));
            case ARRAY: {
                checkDepth(path, depth + 1);
                List<AttributeValue> list = new ArrayList<>(value.size());
                int i = 0;
                for (JsonNode element : value) {
                    list.add(toAttributeValue(element, path + "[" + i++ + "]", depth + 1, notes));
                }
                return AttributeValue.fromL(list);
            }
            case OBJECT: {
                checkDepth(path, depth + 1);
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String name = validName(field.getKey(), path + ".", notes);
                    map.put(name, toAttributeValue(field.getValue(), path + "." + name, depth + 1, notes));
                }
                return AttributeValue.fromM(map);
            }
            default:
                throw new ItemConversionException(path, "unsupported JSON value of type " + value.getNodeType());
        }
    }

    /**
     * A string with no UTF-8 form (a lone surrogate, which JSON can write as {@code "\ud800"}) is refused by
     * DynamoDB and breaks every reader downstream: each lone surrogate becomes U+FFFD and a note says where.
     */
    private static String validString(String text, String path, List<Note> notes) {
        int bad = Utf16.firstLoneSurrogate(text);
        if (bad < 0) {
            return text;
        }
        notes.add(new Note(
                path,
                "string is not valid Unicode (lone surrogate " + Utf16.describe(text, bad)
                        + "); replaced with U+FFFD"));
        return Utf16.replaceLoneSurrogates(text);
    }

    /** The same rule for attribute names; the note is at the repaired name. */
    private static String validName(String name, String parentPath, List<Note> notes) {
        int bad = Utf16.firstLoneSurrogate(name);
        if (bad < 0) {
            return name;
        }
        String repaired = Utf16.replaceLoneSurrogates(name);
        notes.add(new Note(
                parentPath + repaired,
                "attribute name is not valid Unicode (lone surrogate " + Utf16.describe(name, bad)
                        + "); replaced with U+FFFD"));
        return repaired;
    }

    private static byte[] binary(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (java.io.IOException e) {
            throw new ItemConversionException("?", "unreadable binary value: " + e.getMessage());
        }
    }

    private static void checkDepth(String path, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw new ItemConversionException(path, "nesting deeper than DynamoDB's " + MAX_NESTING_DEPTH + " levels");
        }
    }

    private static AttributeValue number(JsonNode value, String path, List<Note> notes) {
        if (value.isBigDecimal()
                && value.decimalValue().signum() == 0
                && Math.abs((long) value.decimalValue().scale()) > MAX_NUMBER_DIGITS) {
            return AttributeValue.fromN("0"); // 0E+999999999 is exactly 0, and DynamoDB stores every zero as 0
        }
        String text = exactText(value);
        String problem = numberProblem(text);
        if (problem == null) {
            return AttributeValue.fromN(text);
        }
        notes.add(new Note(path, problem + "; stored as the string \"" + abbreviate(text) + "\""));
        return AttributeValue.fromS(text);
    }

    /** The exact decimal text of a JSON number node (never a double rendering). */
    static String exactText(JsonNode value) {
        if (value.isBigDecimal()) {
            return decimalText(value.decimalValue());
        }
        if (value.isBigInteger()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isIntegralNumber()) {
            return Long.toString(value.longValue());
        }
        // float/double nodes only come from mappers not configured like Json.mapper(); keep what they hold.
        return new BigDecimal(value.asText()).toString();
    }

    /**
     * Exact scientific text of a decimal. {@code BigDecimal.toString} fails ("Exponent overflow") when the exponent
     * of the magnitude passes an int (100E+2147483647); then the unscaled digits and the exponent are written as is.
     */
    static String decimalText(BigDecimal value) {
        long exponent = (long) value.precision() - value.scale() - 1;
        if (exponent >= Integer.MIN_VALUE && exponent <= Integer.MAX_VALUE) {
            return value.toString();
        }
        long power = -(long) value.scale();
        return value.unscaledValue() + "E" + (power >= 0 ? "+" : "") + power;
    }

    /**
     * Why DynamoDB would reject this number, or null when it can store it exactly. Never throws for a number
     * {@code BigDecimal} can parse: the exponent is checked first, in long arithmetic (stripping trailing zeros
     * is only needed, and only safe, for exponents in DynamoDB's range).
     *
     * @param text a JSON number
     */
    public static String numberProblem(String text) {
        BigDecimal number = new BigDecimal(text);
        if (number.signum() == 0) {
            return null;
        }
        // the exponent of the magnitude does not change when trailing zeros are stripped
        long exponent = (long) number.precision() - number.scale() - 1;
        if (exponent > 125 || exponent < -130) {
            return "number magnitude 1E" + exponent + " is outside DynamoDB's range 1E-130..9.9E+125";
        }
        int digits = number.precision() > MAX_NUMBER_DIGITS
                ? number.stripTrailingZeros().precision()
                : number.precision();
        if (digits > MAX_NUMBER_DIGITS) {
            return "number with " + digits + " significant digits exceeds DynamoDB's " + MAX_NUMBER_DIGITS;
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Converts a DynamoDB item to a JSON object. */
    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        if (item != null) {
            item.forEach((name, value) -> object.set(name, toJson(value)));
        }
        return object;
    }

    /** Converts one attribute value to JSON; see the class comment for the mapping. */
    public static JsonNode toJson(AttributeValue value) {
        switch (value.type()) {
            case S:
                return NODES.textNode(value.s());
            case N:
                return numberNode(value.n());
            case B:
                return NODES.textNode(base64(value.b()));
            case BOOL:
                return NODES.booleanNode(value.bool());
            case NUL:
                return NODES.nullNode();
            case SS: {
                ArrayNode array = NODES.arrayNode();
                value.ss().forEach(array::add);
                return array;
            }
            case NS: {
                ArrayNode array = NODES.arrayNode();
                value.ns().forEach(n -> array.add(numberNode(n)));
                return array;
            }
            case BS: {
                ArrayNode array = NODES.arrayNode();
                value.bs().forEach(b -> array.add(base64(b)));
                return array;
            }
            case L: {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(v -> array.add(toJson(v)));
                return array;
            }
            case M:
                return toJson(value.m());
            default:
                throw new ItemConversionException("?", "unknown attribute value type " + value.type());
        }
    }

    /** An exact JSON number for DynamoDB number text: integers as integers, anything else as a decimal. */
    public static JsonNode numberNode(String text) {
        BigDecimal decimal = new BigDecimal(text);
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral) {
            BigInteger integer = decimal.toBigIntegerExact();
            // the node types Json.mapper() produces when parsing the same digits, so trees compare equal
            if (integer.bitLength() < 32) {
                return NODES.numberNode(integer.intValue());
            }
            if (integer.bitLength() < 64) {
                return NODES.numberNode(integer.longValue());
            }
            return NODES.numberNode(integer);
        }
        return NODES.numberNode(decimal);
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    /**
     * The size DynamoDB charges for an item: names plus values, following the documented rules (strings and
     * binary by length, numbers about one byte per two significant digits plus one, containers 3 bytes plus one
     * per element).
     */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue v) {
        switch (v.type()) {
            case S:
                return utf8Length(v.s());
            case N:
                return numberSize(v.n());
            case B:
                return v.b().asByteArrayUnsafe().length;
            case BOOL:
            case NUL:
                return 1;
            case SS:
                return v.ss().stream().mapToLong(ItemCodec::utf8Length).sum();
            case NS:
                return v.ns().stream().mapToLong(ItemCodec::numberSize).sum();
            case BS:
                return v.bs().stream()
                        .mapToLong(b -> b.asByteArrayUnsafe().length)
                        .sum();
            case L:
                return 3 + v.l().stream().mapToLong(x -> 1 + valueSize(x)).sum();
            case M: {
                long size = 3;
                for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                    size += 1 + utf8Length(e.getKey()) + valueSize(e.getValue());
                }
                return size;
            }
            default:
                return 0;
        }
    }

    private static long numberSize(String n) {
        BigDecimal d = new BigDecimal(n).stripTrailingZeros();
        return (d.precision() + 1) / 2 + 1;
    }

    /** UTF-8 length of a string without allocating its bytes. */
    public static long utf8Length(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Bytes of a string in UTF-8; a convenience for callers computing key lengths. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
