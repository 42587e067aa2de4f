package io.scanpipeline.splunk.search.spl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code table} and {@code fields [+|-]}: which fields results keep, with {@code *} wildcards. */
final class FieldsCommands implements Command {
    private final boolean table;
    private final boolean remove;
    private final List<String> patterns;

    FieldsCommands(String name, String argText) {
        this.table = name.equals("table");
        Args a = new Args(name, argText);
        boolean minus = false;
        if (!table && !a.done() && (a.peek().isWord("-") || a.peek().isWord("+"))) {
            minus = a.next().text().equals("-");
        }
        this.remove = minus;
        this.patterns = a.fieldList(Set.of());
        a.expectDone();
        if (patterns.isEmpty()) {
            throw a.bad("no fields given");
        }
    }

    static Pattern glob(String p) {
        return Pattern.compile(FieldMatch.glob(p).pattern());
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        List<String> known = in.withFieldsOfRows().fields();
        LinkedHashSet<String> selected = new LinkedHashSet<>();
        for (String p : patterns) {
            if (p.contains("*")) {
                Pattern g = glob(p);
                known.stream().filter(f -> g.matcher(f).matches()).forEach(selected::add);
            } else {
                selected.add(p);
            }
        }
        List<String> order = new ArrayList<>();
        if (remove) {
            known.stream().filter(f -> !selected.contains(f)).forEach(order::add);
        } else if (table) {
            order.addAll(selected);
        } else {
            // fields keeps the internal _raw and _time unless removed explicitly, as Splunk does
            known.stream()
                    .filter(f -> (f.equals("_raw") || f.equals("_time")) && !selected.contains(f))
                    .forEach(order::add);
            order.addAll(selected);
        }
        List<Rec> rows = new ArrayList<>();
        for (Rec r : in.rows()) {
            Rec n = new Rec();
            for (String f : order) {
                if (r.has(f)) {
                    n.put(f, r.get(f));
                }
            }
            rows.add(n);
        }
        return new Results(rows, order);
    }
}
