package io.scanpipeline.splunk.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Splunk stores for one HEC event: {@code _time} (HEC {@code time}, epoch seconds, else the index time),
 * {@code _indextime}, {@code index}, {@code host}, {@code source}, {@code sourcetype}, {@code _raw} (the
 * {@code event}: JSON serialised compactly as received, a string as is, cut to the sourcetype's {@code TRUNCATE}
 * bytes at a UTF-8 boundary), {@code linecount}, {@code splunk_server} and the HEC {@code fields} as indexed fields
 * (an array value is multivalued). Immutable.
 */
public final class IndexedEvent {
    /** The default fields Splunk indexes for every event (tstats can read them). */
    public static final Set<String> DEFAULT_INDEXED =
            Set.of("_time", "_indextime", "index", "host", "source", "sourcetype", "splunk_server", "linecount");

    private final BigDecimal time;
    private final Map<String, List<String>> fields;
    private final Set<String> indexedFieldNames;

    private IndexedEvent(BigDecimal time, Map<String, List<String>> fields, Set<String> indexedFieldNames) {
        this.time = time;
        this.fields = fields;
        this.indexedFieldNames = indexedFieldNames;
    }

    /** The event as HEC's /services/collector/event would index it, at {@code indexTime}. */
    public static IndexedEvent fromHec(JsonNode hec, Instant indexTime, HecDefaults defaults, SplunkApp app) {
        if (hec == null || !hec.isObject()) {
            throw new SplException.BadArgument("HEC event must be a JSON object, got: " + hec);
        }
        JsonNode event = hec.get("event");
        if (event == null
                || event.isNull()
                || (event.isTextual() && event.asText().isEmpty())) {
            throw new SplException.BadArgument(
                    "HEC event has no \"event\" (HEC answers code 13, Event field is blank): " + hec);
        }
        BigDecimal time = BigDecimal.valueOf(indexTime.getEpochSecond());
        JsonNode t = hec.get("time");
        if (t != null && !t.isNull()) {
            try {
                time = new BigDecimal(t.asText().strip());
            } catch (NumberFormatException e) {
                throw new SplException.BadArgument("HEC event \"time\" is not epoch seconds: " + t);
            }
        }
        String sourcetype = text(hec, "sourcetype", defaults.sourcetype());
        String raw = event.isTextual() ? event.asText() : event.toString();
        raw = truncate(raw, app.truncateBytes(sourcetype));
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("_raw", List.of(raw));
        f.put("_time", List.of(formatTime(time)));
        f.put("_indextime", List.of(Long.toString(indexTime.getEpochSecond())));
        f.put("index", List.of(text(hec, "index", defaults.index())));
        f.put("host", List.of(text(hec, "host", defaults.host())));
        f.put("source", List.of(text(hec, "source", defaults.source())));
        f.put("sourcetype", List.of(sourcetype));
        f.put(
                "linecount",
                List.of(Long.toString(raw.chars().filter(c -> c == '\n').count() + 1)));
        f.put("splunk_server", List.of(defaults.splunkServer()));
        Set<String> indexed = new LinkedHashSet<>(DEFAULT_INDEXED);
        JsonNode extra = hec.get("fields");
        if (extra != null && extra.isObject()) {
            extra.fields().forEachRemaining(e -> {
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
                } else {
                    values.add(
                            e.getValue().isTextual()
                                    ? e.getValue().asText()
                                    : e.getValue().toString());
                }
                f.put(e.getKey(), List.copyOf(values));
                indexed.add(e.getKey());
            });
        }
        return new IndexedEvent(time, Collections.unmodifiableMap(f), Collections.unmodifiableSet(indexed));
    }

    private static String text(JsonNode hec, String name, String fallback) {
        JsonNode v = hec.get(name);
        return v == null || v.isNull() || v.asText().isEmpty() ? fallback : v.asText();
    }

    /** Cuts to at most {@code maxBytes} UTF-8 bytes without splitting a character; 0 means no limit (as Splunk). */
    static String truncate(String raw, int maxBytes) {
        if (maxBytes <= 0) {
            return raw;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return raw;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Epoch seconds as Splunk shows {@code _time}: no trailing zeros, no exponent. */
    public static String formatTime(BigDecimal seconds) {
        BigDecimal s = seconds.stripTrailingZeros();
        return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
    }

    public BigDecimal time() {
        return time;
    }

    /** Index-time fields, in a stable order; values are never empty lists. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    public String raw() {
        return fields.get("_raw").get(0);
    }

    public String sourcetype() {
        return fields.get("sourcetype").get(0);
    }

    /** The default fields and the HEC {@code fields}: what tstats can see. */
    public Set<String> indexedFieldNames() {
        return indexedFieldNames;
    }
}
