package io.scanpipeline.splunk.search.spl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code stats} and {@code eventstats}: {@code <agg> [AS name] [, ...] [BY field-list]}. stats returns one row per
 * group (by-fields then aggregations; without BY one row even over no results); eventstats adds the group's
 * aggregations to each result. Options other than those Splunk documents are refused.
 */
final class StatsCommand implements Command {
    private final boolean eventstats;
    private final List<AggTerm> terms;
    private final List<String> by;

    StatsCommand(String name, String argText) {
        this.eventstats = name.equals("eventstats");
        Args a = new Args(name, argText);
        Map<String, String> opts =
                a.options(eventstats ? Set.of("allnum") : Set.of("allnum", "delim", "partitions", "dedup_splitvals"));
        if (opts.containsKey("allnum") && Args.bool(a, "allnum", opts.get("allnum"))) {
            throw a.bad(io.scanpipeline.splunk.search.SplException.unsupported("allnum=true"));
        }
        this.terms = AggTerm.parseList(a, Set.of("by"));
        List<String> byFields = new ArrayList<>();
        if (!a.done()) {
            a.next();
            byFields = a.fieldList(Set.of());
            if (byFields.isEmpty()) {
                throw a.bad("BY without fields");
            }
            if (!eventstats) {
                a.options(Set.of("dedup_splitvals"));
            }
        }
        a.expectDone();
        this.by = byFields;
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        var groups = Grouping.collect(in.rows(), by, terms, ctx.now());
        if (eventstats) {
            for (Rec r : in.rows()) {
                List<List<String>> keys = Grouping.keys(r, by);
                if (keys.isEmpty()) {
                    continue;
                }
                var per = groups.get(keys.get(0));
                for (int i = 0; i < terms.size(); i++) {
                    r.put(terms.get(i).name(), Aggregator.compute(terms.get(i), per.get(i)));
                }
            }
            terms.forEach(t -> in.addField(t.name()));
            return in;
        }
        if (by.isEmpty() && groups.isEmpty()) {
            List<List<Aggregator.Sample>> none = new ArrayList<>();
            terms.forEach(t -> none.add(List.of()));
            groups.put(List.of(), none);
        }
        List<Rec> out = new ArrayList<>();
        groups.forEach((key, per) -> {
            Rec r = new Rec();
            for (int i = 0; i < by.size(); i++) {
                r.put(by.get(i), key.get(i));
            }
            for (int i = 0; i < terms.size(); i++) {
                r.put(terms.get(i).name(), Aggregator.compute(terms.get(i), per.get(i)));
            }
            out.add(r);
        });
        List<String> fields = new ArrayList<>(by);
        terms.forEach(t -> fields.add(t.name()));
        return new Results(out, fields);
    }
}
