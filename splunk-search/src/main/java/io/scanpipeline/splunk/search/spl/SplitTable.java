package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The table timechart and chart build: one row per row key (a time bucket, an over-value), one column per
 * aggregation or, with a split-by field, per split value. Series filtering as Splunk documents it: the {@code limit}
 * (default 10; 0 = all) series with the largest sum of values are kept, the rest are merged into {@code OTHER}
 * ({@code useother}, {@code otherstr}) and recomputed; results lacking the split field form {@code NULL}
 * ({@code usenull}, {@code nullstr}). Kept series are ordered by name, then NULL, then OTHER. Empty cells are 0 for
 * count and dc, otherwise empty.
 */
final class SplitTable {
    static final Set<String> OPTIONS =
            Set.of("limit", "useother", "usenull", "otherstr", "nullstr", "agg", "sep", "format");

    private SplitTable() {}

    record Options(int limit, boolean useOther, boolean useNull, String otherStr, String nullStr) {
        static Options of(Args a, Map<String, String> o) {
            if (o.containsKey("agg") || o.containsKey("sep") || o.containsKey("format")) {
                throw a.bad(SplException.unsupported("agg=/sep=/format="));
            }
            String limit = o.getOrDefault("limit", "10").replaceFirst("^(?i)top", "");
            if (limit.toLowerCase().startsWith("bottom")) {
                throw a.bad(SplException.unsupported("limit=bottom"));
            }
            return new Options(
                    Args.integer(a, "limit", limit),
                    Args.bool(a, "useother", o.getOrDefault("useother", "true")),
                    Args.bool(a, "usenull", o.getOrDefault("usenull", "true")),
                    o.getOrDefault("otherstr", "OTHER"),
                    o.getOrDefault("nullstr", "NULL"));
        }
    }

    /**
     * @param rowKeys the row keys of a result (empty = leave it out)
     * @param split   split-by field or null
     * @return row key to column to values, rows in {@code rowOrder}; the column order in {@code columnsOut}
     */
    static Map<String, Map<String, List<String>>> build(
            List<Rec> rows,
            Function<Rec, List<String>> rowKeys,
            Comparator<String> rowOrder,
            List<AggTerm> terms,
            String split,
            Options opt,
            Instant now,
            List<String> columnsOut) {
        if (split == null) {
            Map<String, List<Rec>> byRow = new TreeMap<>(rowOrder);
            for (Rec r : rows) {
                rowKeys.apply(r)
                        .forEach(k ->
                                byRow.computeIfAbsent(k, x -> new ArrayList<>()).add(r));
            }
            Map<String, Map<String, List<String>>> out = new TreeMap<>(rowOrder);
            byRow.forEach((k, rs) -> {
                Map<String, List<String>> cells = new LinkedHashMap<>();
                for (AggTerm t : terms) {
                    cells.put(t.name(), aggregate(t, rs, now));
                }
                out.put(k, cells);
            });
            terms.forEach(t -> columnsOut.add(t.name()));
            return out;
        }
        if (terms.size() != 1) {
            throw new SplException.BadArgument(SplException.unsupported("several aggregations with a split-by field"));
        }
        AggTerm term = terms.get(0);
        Map<String, Map<String, List<Rec>>> bySeries = new HashMap<>();
        boolean sawNull = false;
        for (Rec r : rows) {
            List<String> keys = rowKeys.apply(r);
            List<String> series = r.get(split);
            if (series == null) {
                if (!opt.useNull()) {
                    continue;
                }
                sawNull = true;
                series = List.of(opt.nullStr());
            }
            for (String s : new java.util.LinkedHashSet<>(series)) {
                for (String k : keys) {
                    bySeries.computeIfAbsent(s, x -> new HashMap<>())
                            .computeIfAbsent(k, x -> new ArrayList<>())
                            .add(r);
                }
            }
        }
        Map<String, Double> totals = new HashMap<>();
        bySeries.forEach((s, cells) -> totals.put(
                s,
                cells.values().stream()
                        .map(rs -> aggregate(term, rs, now))
                        .filter(v -> v != null && Values.parseNumber(v.get(0)) != null)
                        .mapToDouble(v -> Values.parseNumber(v.get(0)))
                        .sum()));
        List<String> ranked = new ArrayList<>(bySeries.keySet());
        if (sawNull) {
            ranked.remove(opt.nullStr());
        }
        ranked.sort(Comparator.comparing((String s) -> -totals.get(s)).thenComparing(Comparator.naturalOrder()));
        List<String> kept = opt.limit() == 0 ? ranked : ranked.subList(0, Math.min(opt.limit(), ranked.size()));
        List<String> dropped = ranked.subList(kept.size(), ranked.size());
        List<String> columns = new ArrayList<>(kept);
        columns.sort(Comparator.naturalOrder());
        Map<String, Map<String, List<Rec>>> shown = new LinkedHashMap<>();
        columns.forEach(c -> shown.put(c, bySeries.get(c)));
        if (sawNull) {
            columns.add(opt.nullStr());
            shown.put(opt.nullStr(), bySeries.get(opt.nullStr()));
        }
        if (!dropped.isEmpty() && opt.useOther()) {
            Map<String, List<Rec>> other = new HashMap<>();
            for (String d : dropped) {
                bySeries.get(d)
                        .forEach((k, rs) ->
                                other.computeIfAbsent(k, x -> new ArrayList<>()).addAll(rs));
            }
            columns.add(opt.otherStr());
            shown.put(opt.otherStr(), other);
        }
        Map<String, Map<String, List<String>>> out = new TreeMap<>(rowOrder);
        for (Rec r : rows) {
            rowKeys.apply(r).forEach(k -> out.computeIfAbsent(k, x -> new LinkedHashMap<>()));
        }
        out.forEach((k, cells) -> shown.forEach((s, perRow) -> {
            List<Rec> rs = perRow.get(k);
            cells.put(s, rs == null ? empty(term) : aggregate(term, dedupe(rs), now));
        }));
        columnsOut.addAll(columns);
        return out;
    }

    static List<String> empty(AggTerm t) {
        return t.zeroWhenEmpty() ? List.of("0") : null;
    }

    private static List<Rec> dedupe(List<Rec> rs) {
        List<Rec> out = new ArrayList<>();
        java.util.Set<Rec> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Rec r : rs) {
            if (seen.add(r)) {
                out.add(r);
            }
        }
        return out;
    }

    static List<String> aggregate(AggTerm t, List<Rec> rs, Instant now) {
        List<Aggregator.Sample> samples = new ArrayList<>();
        for (Rec r : rs) {
            for (String v : t.valuesOf(r, now)) {
                samples.add(new Aggregator.Sample(v, r.time()));
            }
        }
        return samples.isEmpty() ? empty(t) : Aggregator.compute(t, samples);
    }
}
