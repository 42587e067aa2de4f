package io.scanpipeline.splunk.search.conf;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splunk's search-time JSON field extraction ({@code KV_MODE = json}, {@code AUTO_KV_JSON}): nested objects as
 * {@code a.b}, arrays as {@code a{}} and {@code a{}.b} (one value per element, so multivalued), numbers as their JSON
 * text, booleans as {@code true}/{@code false}, and JSON {@code null} as the string {@code null} (Splunk extracts it
 * as text, so {@code isnull()} is false for it). A body that is not complete JSON (e.g. cut by TRUNCATE) yields
 * no fields, as in Splunk.
 */
public final class KvJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private KvJson() {}

    /** The fields of a raw JSON event, in document order; empty when the raw is not a whole JSON object. */
    public static Map<String, List<String>> extract(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String t = raw.strip();
        if (!t.startsWith("{")) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(t);
        } catch (Exception e) {
            return out;
        }
        if (root == null || !root.isObject()) {
            return out;
        }
        walk(root, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, Map<String, List<String>> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            node.forEach(el -> walk(el, path + "{}", out));
        } else {
            String v = node.isTextual() ? node.asText() : node.isNull() ? "null" : node.toString();
            out.computeIfAbsent(path, k -> new ArrayList<>()).add(v);
        }
    }
}
