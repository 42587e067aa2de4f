package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.index.IndexedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code | tstats [prestats=false] [summariesonly=] [allow_old_summaries=] <agg> ... [WHERE <search>] [BY <fields>
 * [span=<span>]]}: statistics over INDEXED fields only (the default fields and HEC {@code fields}), as Splunk's
 * tstats reads the index, not the events. A search-time field matches nothing in WHERE and is absent in BY and in
 * aggregations, which is what Splunk yields. Data models, bare terms and prestats=true are refused.
 */
final class TstatsCommand implements Command {
    private final List<AggTerm> terms;
    private final SearchFilter where;
    private final List<String> by;
    private final Span span;

    TstatsCommand(String argText) {
        Args a = new Args("tstats", argText);
        Map<String, String> o = a.options(Set.of(
                "prestats",
                "summariesonly",
                "allow_old_summaries",
                "chunk_size",
                "fillnull_value",
                "local",
                "append",
                "include_reduced_buckets"));
        if (Args.bool(a, "prestats", o.getOrDefault("prestats", "false"))) {
            throw a.bad(SplException.unsupported("prestats=true"));
        }
        if (o.containsKey("fillnull_value") || o.containsKey("append")) {
            throw a.bad(SplException.unsupported("fillnull_value=/append="));
        }
        this.terms = AggTerm.parseList(a, Set.of("where", "by", "from"));
        if (!a.done() && a.peek().isWordIgnoreCase("from")) {
            throw a.bad(SplException.unsupported("FROM datamodel"));
        }
        SearchFilter w = null;
        if (!a.done() && a.peek().isWordIgnoreCase("where")) {
            a.next();
            List<Token> cond = new ArrayList<>();
            while (!a.done() && !a.peek().isWordIgnoreCase("by")) {
                cond.add(a.next());
            }
            w = SearchFilter.parse("tstats", cond);
            if (w.hasBareTerms()) {
                throw a.bad(SplException.unsupported("bare terms in tstats WHERE"));
            }
        }
        this.where = w;
        List<String> byFields = new ArrayList<>();
        Span s = null;
        if (!a.done() && a.peek().isWordIgnoreCase("by")) {
            a.next();
            // span= may sit anywhere among the by-fields: "by _time span=1m, eventName"
            while (!a.done()) {
                if (a.atOption()) {
                    Map<String, String> so = a.options(Set.of("span"));
                    s = Span.parse(a, so.get("span"));
                } else {
                    List<String> more = a.fieldList(Set.of());
                    if (more.isEmpty()) {
                        a.expectDone();
                    }
                    byFields.addAll(more);
                }
            }
            if (byFields.isEmpty()) {
                throw a.bad("BY without fields");
            }
        }
        a.expectDone();
        this.by = byFields;
        this.span = s;
        for (AggTerm t : terms) {
            if (t.evalExpr() != null) {
                throw a.bad(SplException.unsupported("eval() in tstats"));
            }
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        SearchContext c = where == null ? ctx : SearchCommand.range(ctx, where.earliest(), where.latest());
        List<Rec> rows = new ArrayList<>();
        boolean defaultIndex = where == null || !where.fields().contains("index");
        for (IndexedEvent e : c.index().events()) {
            if (!SearchCommand.inRange(e.time(), c) || (defaultIndex && !SearchCommand.inDefaultIndex(e))) {
                continue;
            }
            Rec r = new Rec();
            e.fields().forEach((k, v) -> {
                if (e.indexedFieldNames().contains(k)) {
                    r.put(k, v);
                }
            });
            if (where != null && !where.test(r)) {
                continue;
            }
            if (span != null && by.contains("_time")) {
                r.put("_time", Long.toString(span.floor(e.time())));
            }
            rows.add(r);
        }
        StatsCommand stats = new StatsCommand("stats", statsText());
        return stats.apply(new Results(rows, List.of()), ctx);
    }

    private String statsText() {
        StringBuilder b = new StringBuilder();
        for (AggTerm t : terms) {
            String inner = t.function().equals("perc") ? "perc" + formatPerc(t.percentile()) : t.function();
            b.append(inner);
            if (t.field() != null) {
                b.append('(').append(t.field()).append(')');
            }
            b.append(" AS \"").append(t.name().replace("\"", "\\\"")).append("\" ");
        }
        if (!by.isEmpty()) {
            b.append("BY ");
            by.forEach(f -> b.append('"').append(f).append("\" "));
        }
        return b.toString();
    }

    private static String formatPerc(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
