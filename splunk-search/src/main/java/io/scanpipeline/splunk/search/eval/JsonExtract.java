package io.scanpipeline.splunk.search.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.scanpipeline.splunk.search.SplException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code json_extract(<json>, <path>...)}: paths of keys and array indexes ({@code a.b{0}.c}); a scalar comes back
 * as its value (a string unquoted), an object or array as compact JSON; no path returns the whole JSON; several
 * paths return a JSON array of the results. Not JSON, or no such path: null. {@code {}} (all elements) is refused.
 */
final class JsonExtract {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final Pattern STEP = Pattern.compile("([^.{}]+)|\\{(\\d*)\\}");

    private JsonExtract() {}

    static Expr call(List<Expr> a) {
        Functions.arity("json_extract", a, 1, 100);
        return c -> {
            String text = Values.str(a.get(0).eval(c));
            if (text == null) {
                return null;
            }
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (Exception e) {
                return null;
            }
            if (root == null) {
                return null;
            }
            if (a.size() == 1) {
                return root.toString();
            }
            if (a.size() == 2) {
                return value(at(root, Values.str(a.get(1).eval(c))));
            }
            ArrayNode out = JSON.createArrayNode();
            for (Expr p : a.subList(1, a.size())) {
                JsonNode n = at(root, Values.str(p.eval(c)));
                out.add(n == null ? JSON.nullNode() : n);
            }
            return out.toString();
        };
    }

    private static JsonNode at(JsonNode root, String path) {
        if (path == null) {
            return null;
        }
        JsonNode n = root;
        Matcher m = STEP.matcher(path);
        int pos = 0;
        while (n != null && pos < path.length()) {
            if (path.charAt(pos) == '.') {
                pos++;
                continue;
            }
            if (!m.find(pos) || m.start() != pos) {
                throw new SplException.BadArgument("json_extract: bad path '" + path + "'");
            }
            if (m.group(1) != null) {
                n = n.get(m.group(1));
            } else if (m.group(2).isEmpty()) {
                throw new SplException.BadArgument(
                        "json_extract: " + SplException.unsupported("{} in path '" + path + "'"));
            } else {
                n = n.get(Integer.parseInt(m.group(2)));
            }
            pos = m.end();
        }
        return n;
    }

    private static Object value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? "true" : "false";
        }
        return n.toString();
    }
}
