package io.scanpipeline.splunk.search.spl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** What flows between commands: the results and the order of their fields (Splunk's column order). */
public final class Results {
    private final List<Rec> rows;
    private final LinkedHashSet<String> fields;

    public Results(List<Rec> rows, List<String> fields) {
        this.rows = new ArrayList<>(rows);
        this.fields = new LinkedHashSet<>(fields);
    }

    /** Results whose field order is every field present, underscore fields first, then by name (events). */
    public static Results ofEvents(List<Rec> rows) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>((a, b) -> {
            boolean ia = a.startsWith("_"), ib = b.startsWith("_");
            return ia != ib ? (ia ? -1 : 1) : a.compareTo(b);
        });
        rows.forEach(r -> names.addAll(r.fields().keySet()));
        return new Results(rows, new ArrayList<>(names));
    }

    public List<Rec> rows() {
        return rows;
    }

    public List<String> fields() {
        return new ArrayList<>(fields);
    }

    public void addField(String name) {
        fields.add(name);
    }

    public void removeField(String name) {
        fields.remove(name);
    }

    /** Adds any field present in a row but missing from the order, at the end. */
    public Results withFieldsOfRows() {
        rows.forEach(r -> fields.addAll(r.fields().keySet()));
        return this;
    }
}
