package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code chart [limit=] [useother=] [usenull=] [otherstr=] [nullstr=] <agg> ... (OVER <row-field> [BY <split>] |
 * BY <row-field> [<split>])}: one row per row-field value (results lacking it are left out), ordered by value.
 */
final class ChartCommand implements Command {
    private static final Set<String> OPTIONS;

    static {
        Set<String> s = new java.util.HashSet<>(SplitTable.OPTIONS);
        s.addAll(Set.of("cont", "span", "bins"));
        OPTIONS = Set.copyOf(s);
    }

    private final List<AggTerm> terms;
    private final String over;
    private final String split;
    private final SplitTable.Options options;

    ChartCommand(String argText) {
        Args a = new Args("chart", argText);
        Map<String, String> o = new HashMap<>(a.options(OPTIONS));
        this.terms = AggTerm.parseList(a, Set.of("by", "over"));
        String rowField = null, splitField = null;
        if (!a.done() && a.peek().isWordIgnoreCase("over")) {
            a.next();
            rowField = a.next().text();
            if (!a.done() && a.peek().isWordIgnoreCase("by")) {
                a.next();
                List<String> f = a.fieldList(Set.of());
                if (f.size() != 1) {
                    throw a.bad("BY takes one field after OVER, got " + f);
                }
                splitField = f.get(0);
            }
        } else if (!a.done() && a.peek().isWordIgnoreCase("by")) {
            a.next();
            List<String> f = a.fieldList(Set.of());
            if (f.isEmpty() || f.size() > 2) {
                throw a.bad("BY takes one or two fields, got " + f);
            }
            rowField = f.get(0);
            splitField = f.size() > 1 ? f.get(1) : null;
        }
        o.putAll(a.options(OPTIONS));
        a.expectDone();
        if (rowField == null) {
            throw a.bad(SplException.unsupported("chart without OVER or BY"));
        }
        for (String unsupported : List.of("cont", "span", "bins")) {
            if (o.containsKey(unsupported)) {
                throw a.bad(SplException.unsupported(unsupported + "="));
            }
        }
        this.over = rowField;
        this.split = splitField;
        this.options = SplitTable.Options.of(a, o);
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        List<String> columns = new ArrayList<>();
        var table = SplitTable.build(
                in.rows(),
                r -> r.get(over) == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(r.get(over))),
                Grouping.NATURAL,
                terms,
                split,
                options,
                ctx.now(),
                columns);
        List<Rec> out = new ArrayList<>();
        table.forEach((key, cells) -> {
            Rec r = new Rec();
            r.put(over, key);
            cells.forEach(r::put);
            out.add(r);
        });
        List<String> fields = new ArrayList<>();
        fields.add(over);
        fields.addAll(columns);
        return new Results(out, fields);
    }
}
