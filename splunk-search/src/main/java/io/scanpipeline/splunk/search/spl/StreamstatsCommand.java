package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code streamstats [current=<bool>] [window=<N>] <agg> ... [BY <fields>]}: running aggregations in result order,
 * per by-group (results lacking a by-field get none); {@code current=false} leaves the result itself out;
 * {@code window=N} (without BY) uses the last N results. reset_*, time_window, global=false and window with BY are
 * refused.
 */
final class StreamstatsCommand implements Command {
    private final boolean current;
    private final int window;
    private final List<AggTerm> terms;
    private final List<String> by;

    StreamstatsCommand(String argText) {
        Args a = new Args("streamstats", argText);
        Set<String> known = Set.of(
                "current",
                "window",
                "global",
                "allnum",
                "reset_on_change",
                "reset_before",
                "reset_after",
                "time_window");
        Map<String, String> o = new HashMap<>(a.options(known));
        this.terms = AggTerm.parseList(a, Set.of("by"));
        List<String> b = new ArrayList<>();
        if (!a.done()) {
            a.next();
            b = a.fieldList(Set.of());
            if (b.isEmpty()) {
                throw a.bad("BY without fields");
            }
        }
        o.putAll(a.options(known));
        a.expectDone();
        for (String unsupported : List.of("reset_on_change", "reset_before", "reset_after", "time_window", "allnum")) {
            if (o.containsKey(unsupported)) {
                throw a.bad(SplException.unsupported(unsupported + "="));
            }
        }
        if (!Args.bool(a, "global", o.getOrDefault("global", "true"))) {
            throw a.bad(SplException.unsupported("global=false"));
        }
        this.current = Args.bool(a, "current", o.getOrDefault("current", "true"));
        this.window = Args.integer(a, "window", o.getOrDefault("window", "0"));
        this.by = b;
        if (window > 0 && !by.isEmpty()) {
            throw a.bad(SplException.unsupported("window= together with BY"));
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        Map<List<String>, List<Rec>> seen = new HashMap<>();
        for (Rec r : in.rows()) {
            List<List<String>> keys = Grouping.keys(r, by);
            if (keys.isEmpty()) {
                continue;
            }
            List<Rec> group = seen.computeIfAbsent(keys.get(0), k -> new ArrayList<>());
            List<Rec> basis = new ArrayList<>(group);
            if (current) {
                basis.add(r);
            }
            if (window > 0 && basis.size() > window) {
                basis = basis.subList(basis.size() - window, basis.size());
            }
            Map<String, List<String>> values = new HashMap<>();
            for (AggTerm t : terms) {
                List<Aggregator.Sample> samples = new ArrayList<>();
                for (Rec x : basis) {
                    for (String v : t.valuesOf(x, ctx.now())) {
                        samples.add(new Aggregator.Sample(v, x.time()));
                    }
                }
                values.put(t.name(), Aggregator.compute(t, samples));
            }
            group.add(r.copy());
            values.forEach(r::put);
        }
        terms.forEach(t -> in.addField(t.name()));
        return in;
    }
}
