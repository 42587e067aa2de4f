package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.Values;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One result while a search runs: field name to values (never an empty list; a missing field is absent). */
public final class Rec {
    private final LinkedHashMap<String, List<String>> fields;
    private String timeText;
    private BigDecimal time;

    public Rec() {
        this.fields = new LinkedHashMap<>();
    }

    public Rec(Map<String, List<String>> fields) {
        this.fields = new LinkedHashMap<>(fields);
    }

    public Rec copy() {
        return new Rec(fields);
    }

    public List<String> get(String name) {
        return fields.get(name);
    }

    public String first(String name) {
        List<String> v = fields.get(name);
        return v == null ? null : v.get(0);
    }

    /** Sets the field; null or an empty list removes it. */
    public void put(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            fields.remove(name);
        } else {
            fields.put(name, List.copyOf(values));
        }
    }

    public void put(String name, String value) {
        put(name, value == null ? null : List.of(value));
    }

    public void remove(String name) {
        fields.remove(name);
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    public Map<String, List<String>> fields() {
        return fields;
    }

    /** {@code _time} in epoch seconds, or null. */
    public BigDecimal time() {
        String t = first("_time");
        if (t == null) {
            return null;
        }
        if (!t.equals(timeText)) {
            timeText = t;
            time = Values.parseNumber(t) == null ? null : new BigDecimal(t.strip());
        }
        return time;
    }
}
