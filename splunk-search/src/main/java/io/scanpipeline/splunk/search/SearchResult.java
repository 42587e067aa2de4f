package io.scanpipeline.splunk.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A finished search: its fields in Splunk's output order and its rows. Immutable. */
public final class SearchResult {
    private final List<String> fields;
    private final List<Row> rows;

    public SearchResult(List<String> fields, List<Row> rows) {
        this.fields = List.copyOf(fields);
        this.rows = List.copyOf(rows);
    }

    public List<String> fields() {
        return fields;
    }

    public List<Row> rows() {
        return rows;
    }

    /** One result row: field to values (a multivalue field has several). */
    public static final class Row {
        private final Map<String, List<String>> values;

        public Row(Map<String, List<String>> values) {
            this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** All values of the field; empty when the row lacks it. */
        public List<String> values(String field) {
            return values.getOrDefault(field, List.of());
        }

        /** The field's value (several are joined by a newline, as Splunk shows a multivalue); null when absent. */
        public String value(String field) {
            List<String> v = values.get(field);
            return v == null ? null : String.join("\n", v);
        }

        public Map<String, List<String>> asMap() {
            return values;
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }
}
