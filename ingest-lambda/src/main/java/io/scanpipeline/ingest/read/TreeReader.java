package io.scanpipeline.ingest.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.UnconvertedNumberNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Builds the tree of one JSON value from a parser, in place of {@code ObjectMapper.readTree}, with two bounds the
 * mapper does not have.
 *
 * <ul>
 *   <li><b>Numbers in bounded time, never an exception.</b> The node types are the shared mapper's (int, long,
 *       BigInteger; BigDecimal with its scale for decimals), but a number whose text is longer than
 *       {@link UnconvertedNumberNode#MAX_CONVERTED_CHARS}, or whose exponent no {@code BigDecimal} can hold (or
 *       whose magnitude's exponent passes ±2^31, where {@code BigDecimal.toString} itself fails), becomes an
 *       {@link UnconvertedNumberNode} holding its source text. Its record stays readable and the rest of the
 *       document goes on.</li>
 *   <li><b>Size while reading.</b> After every token the bytes consumed since the value started are compared with
 *       the limit; past it {@link TooLarge} is thrown at once (nothing more is built), and
 *       {@link #skipRest} moves the parser to the value's last token so the caller can go on.</li>
 * </ul>
 *
 * <p>Not thread-safe; one per walker.
 */
final class TreeReader {

    /**
     * The value passed the limit; the parser is inside it, on the token where that was found. Call
     * {@link #skipRest} to move to its end.
     */
    static final class TooLarge extends Exception {
        private final long bytes;
        private final int openLevels;
        private final JsonToken token;

        TooLarge(long bytes, int openLevels, JsonToken token) {
            super(null, null, false, false);
            this.bytes = bytes;
            this.openLevels = openLevels;
            this.token = token;
        }

        /** Bytes consumed when the limit was found passed (at least the limit; the value may be larger). */
        long bytes() {
            return bytes;
        }
    }

    private final JsonNodeFactory nodes;
    private final ArrayDeque<ContainerNode<?>> stack = new ArrayDeque<>();

    TreeReader(JsonNodeFactory nodes) {
        this.nodes = nodes;
    }

    /**
     * Reads the value whose first token is the parser's current token, leaving the parser on its last token.
     *
     * @param consumed bytes consumed from the source so far (any origin); read after each token
     * @param limit    most bytes the value may take, counted by {@code consumed} from its first token
     */
    JsonNode read(JsonParser p, LongSupplier consumed, long limit) throws IOException, TooLarge {
        JsonToken token = p.currentToken();
        if (!token.isStructStart()) {
            return scalar(p, token);
        }
        long start = consumed.getAsLong();
        stack.clear();
        ContainerNode<?> root = token == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
        stack.push(root);
        String name = null;
        try {
            while (!stack.isEmpty()) {
                token = p.nextToken();
                long used = consumed.getAsLong() - start;
                if (used > limit) {
                    throw new TooLarge(used, stack.size(), token);
                }
                switch (token) {
                    case FIELD_NAME -> name = p.currentName();
                    case END_OBJECT, END_ARRAY -> stack.pop();
                    case START_OBJECT, START_ARRAY -> {
                        ContainerNode<?> child =
                                token == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
                        add(stack.peek(), name, child);
                        stack.push(child);
                    }
                    default -> add(stack.peek(), name, scalar(p, token));
                }
            }
        } finally {
            stack.clear();
        }
        return root;
    }

    /** The node of a scalar token (string, number, boolean, null). */
    JsonNode scalar(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT -> integer(p);
            case VALUE_NUMBER_FLOAT -> decimal(p);
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IllegalStateException("not a scalar token: " + token);
        };
    }

    private JsonNode integer(JsonParser p) throws IOException {
        if (p.getTextLength() > UnconvertedNumberNode.MAX_CONVERTED_CHARS) {
            return tooLong(p);
        }
        return switch (p.getNumberType()) {
            case INT -> nodes.numberNode(p.getIntValue());
            case LONG -> nodes.numberNode(p.getLongValue());
            default -> nodes.numberNode(p.getBigIntegerValue());
        };
    }

    private JsonNode decimal(JsonParser p) throws IOException {
        if (p.getTextLength() > UnconvertedNumberNode.MAX_CONVERTED_CHARS) {
            return tooLong(p);
        }
        String text = p.getText();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return new UnconvertedNumberNode(text, "exponent outside the range a number can be converted in");
        }
        long exponent = (long) value.precision() - value.scale() - 1;
        if (exponent > Integer.MAX_VALUE || exponent < Integer.MIN_VALUE) {
            return new UnconvertedNumberNode(text, "exponent outside the range a number can be converted in");
        }
        return nodes.numberNode(value);
    }

    private static JsonNode tooLong(JsonParser p) throws IOException {
        int length = p.getTextLength();
        return new UnconvertedNumberNode(
                p.getText(),
                "number of " + length + " characters, longer than the " + UnconvertedNumberNode.MAX_CONVERTED_CHARS
                        + " converted exactly");
    }

    private static void add(ContainerNode<?> parent, String name, JsonNode child) {
        if (parent instanceof ObjectNode object) {
            object.set(name, child); // a duplicate name: the later value wins, as with readTree
        } else {
            ((ArrayNode) parent).add(child);
        }
    }

    /** Skips to the last token of the value that was too large, building nothing. */
    static void skipRest(JsonParser p, TooLarge tooLarge) throws IOException {
        int open = tooLarge.openLevels;
        JsonToken token = tooLarge.token;
        while (true) {
            if (token == null) {
                return; // end of input inside the value: the caller's next read reports it
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
            if (open == 0) {
                return;
            }
            token = p.nextToken();
        }
    }
}
