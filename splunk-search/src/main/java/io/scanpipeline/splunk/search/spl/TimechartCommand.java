package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code timechart [span=|bins=] [limit=] [useother=] [usenull=] [otherstr=] [nullstr=] [cont=] <agg> ...
 * [BY <field>]}: one row per UTC-aligned {@code _time} bucket (default span from the time range, as Splunk),
 * with {@code cont=true} (default) every bucket of the search's range present (count 0 where empty).
 */
final class TimechartCommand implements Command {
    private static final Set<String> OPTIONS;

    static {
        Set<String> s = new java.util.HashSet<>(SplitTable.OPTIONS);
        s.addAll(Set.of("span", "bins", "cont", "partial", "fixedrange", "minspan", "aligntime"));
        OPTIONS = Set.copyOf(s);
    }

    private final Span span;
    private final int bins;
    private final boolean cont;
    private final List<AggTerm> terms;
    private final String split;
    private final SplitTable.Options options;

    TimechartCommand(String argText) {
        Args a = new Args("timechart", argText);
        Map<String, String> o = new HashMap<>(a.options(OPTIONS));
        this.terms = AggTerm.parseList(a, Set.of("by"));
        String by = null;
        if (!a.done()) {
            a.next();
            List<String> f = a.fieldList(Set.of("where"));
            if (f.size() != 1) {
                throw a.bad("timechart takes exactly one split-by field, got " + f);
            }
            by = f.get(0);
            if (!a.done() && a.peek().isWordIgnoreCase("where")) {
                throw a.bad(SplException.unsupported("timechart ... by <field> where <clause>"));
            }
        }
        o.putAll(a.options(OPTIONS));
        a.expectDone();
        for (String unsupported : List.of("minspan", "aligntime", "partial", "fixedrange")) {
            if (o.containsKey(unsupported)) {
                throw a.bad(SplException.unsupported(unsupported + "="));
            }
        }
        this.split = by;
        this.span = o.containsKey("span") ? Span.parse(a, o.get("span")) : null;
        this.bins = o.containsKey("bins") ? Args.integer(a, "bins", o.get("bins")) : 100;
        this.cont = Args.bool(a, "cont", o.getOrDefault("cont", "true"));
        this.options = SplitTable.Options.of(a, o);
    }

    static long rangeSeconds(List<Rec> rows, SearchContext ctx) {
        BigDecimal[] r = range(rows, ctx);
        return r == null ? 0 : r[1].subtract(r[0]).longValue();
    }

    /** [earliest, latest] of the search range, completed from the data where unbounded; null without any. */
    static BigDecimal[] range(List<Rec> rows, SearchContext ctx) {
        BigDecimal min = null, max = null;
        for (Rec r : rows) {
            BigDecimal t = r.time();
            if (t != null) {
                min = min == null || t.compareTo(min) < 0 ? t : min;
                max = max == null || t.compareTo(max) > 0 ? t : max;
            }
        }
        BigDecimal e = ctx.earliest() != null ? SearchCommand.seconds(ctx.earliest()) : min;
        BigDecimal l = ctx.latest() != null ? SearchCommand.seconds(ctx.latest()) : max;
        return e == null || l == null ? null : new BigDecimal[] {e, l};
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        if (in.rows().isEmpty()) {
            // no results in, no buckets out ("No results found"), rather than a table of empty buckets
            return new Results(List.of(), List.of("_time"));
        }
        Span s = span != null ? span : Span.auto(rangeSeconds(in.rows(), ctx), bins);
        List<String> columns = new ArrayList<>();
        Comparator<String> numeric = Comparator.comparingLong(Long::parseLong);
        var table = SplitTable.build(
                in.rows(),
                r -> r.time() == null ? List.of() : List.of(Long.toString(s.floor(r.time()))),
                numeric,
                terms,
                split,
                options,
                ctx.now(),
                columns);
        BigDecimal[] range = range(in.rows(), ctx);
        if (cont && range != null) {
            long first = s.floor(range[0]);
            boolean exclusiveEnd = ctx.latest() != null;
            for (long b = first;
                    exclusiveEnd ? b < range[1].doubleValue() : b <= range[1].doubleValue();
                    b = s.next(b)) {
                String key = Long.toString(b);
                if (!table.containsKey(key)) {
                    Map<String, List<String>> cells = new java.util.LinkedHashMap<>();
                    for (String c : columns) {
                        AggTerm t = split == null
                                ? terms.stream()
                                        .filter(x -> x.name().equals(c))
                                        .findFirst()
                                        .orElseThrow()
                                : terms.get(0);
                        cells.put(c, SplitTable.empty(t));
                    }
                    table.put(key, cells);
                }
            }
        }
        List<Rec> out = new ArrayList<>();
        table.forEach((bucket, cells) -> {
            Rec r = new Rec();
            r.put("_time", bucket);
            r.put(
                    "_span",
                    Long.toString(
                            s.seconds() > 0 ? s.seconds() : s.next(Long.parseLong(bucket)) - Long.parseLong(bucket)));
            cells.forEach(r::put);
            out.add(r);
        });
        List<String> fields = new ArrayList<>();
        fields.add("_time");
        fields.addAll(columns);
        return new Results(out, fields);
    }
}
