package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.Values;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin}/{@code bucket [span=<span>] [bins=N] <field> [AS <new>]}: {@code _time} (or any time field given a
 * time span) to the start of its UTC-aligned bucket; a numeric field with a numeric span to {@code "lo-hi"}. Without
 * span, {@code _time} uses the default span for the search's time range; other fields need span.
 */
final class BinCommand implements Command {
    private final String field;
    private final String as;
    private final Span timeSpan;
    private final Double numericSpan;
    private final int bins;

    BinCommand(String name, String argText) {
        Args a = new Args(name, argText);
        Set<String> opts = Set.of("span", "bins", "minspan", "start", "end", "aligntime");
        Map<String, String> o = new java.util.HashMap<>();
        List<String> f = new java.util.ArrayList<>();
        String alias = null;
        while (!a.done()) {
            if (a.atOption()) {
                o.putAll(a.options(opts));
            } else if (a.peek().isWordIgnoreCase("as")) {
                a.next();
                alias = a.next().text();
            } else {
                List<String> more = a.fieldList(Set.of("as"));
                if (more.isEmpty()) {
                    a.expectDone();
                }
                f.addAll(more);
            }
        }
        if (f.size() != 1) {
            throw a.bad("expects one field, got " + f);
        }
        for (String unsupported : List.of("minspan", "start", "end", "aligntime")) {
            if (o.containsKey(unsupported)) {
                throw a.bad(SplException.unsupported(unsupported + "="));
            }
        }
        this.field = f.get(0);
        this.as = alias == null ? field : alias;
        this.bins = o.containsKey("bins") ? Args.integer(a, "bins", o.get("bins")) : 100;
        String span = o.get("span");
        if (span != null && Values.parseNumber(span) != null) {
            this.numericSpan = Values.parseNumber(span);
            this.timeSpan = null;
        } else {
            this.numericSpan = null;
            this.timeSpan = span == null ? null : Span.parse(a, span);
        }
        if (span == null && !field.equals("_time")) {
            throw a.bad(SplException.unsupported("bins without span= for a non-time field '" + field + "'"));
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        Span span = timeSpan;
        if (span == null && numericSpan == null) {
            span = Span.auto(TimechartCommand.rangeSeconds(in.rows(), ctx), bins);
        }
        for (Rec r : in.rows()) {
            String v = r.first(field);
            Double d = v == null ? null : Values.parseNumber(v);
            if (d == null) {
                r.remove(as);
                continue;
            }
            if (numericSpan != null) {
                double lo = Math.floor(d / numericSpan) * numericSpan;
                r.put(as, Values.formatNumber(lo) + "-" + Values.formatNumber(lo + numericSpan));
            } else {
                r.put(as, Long.toString(span.floor(new BigDecimal(v.strip()))));
            }
        }
        in.addField(as);
        return in;
    }
}
