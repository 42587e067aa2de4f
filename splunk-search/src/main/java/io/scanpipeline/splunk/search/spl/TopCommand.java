package io.scanpipeline.splunk.search.spl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code top}/{@code rare [N] [limit=N] [countfield=] [percentfield=] [showcount=] [showperc=] [useother=]
 * [otherstr=] <fields> [BY <fields>]}: the most (least) common value combinations with {@code count} and
 * {@code percent} (of the results that have the fields, six decimals, as Splunk prints it); default limit 10.
 */
final class TopCommand implements Command {
    private static final Set<String> OPTIONS =
            Set.of("limit", "countfield", "percentfield", "showcount", "showperc", "useother", "otherstr");
    private final boolean rare;
    private final int limit;
    private final List<String> fields;
    private final List<String> by;
    private final Map<String, String> o;

    TopCommand(String name, String argText) {
        this.rare = name.equals("rare");
        Args a = new Args(name, argText);
        int n = 10;
        if (!a.done() && a.peek().text().matches("\\d+") && !a.atOption()) {
            n = Integer.parseInt(a.next().text());
        }
        this.o = new HashMap<>(a.options(OPTIONS));
        this.fields = a.fieldList(Set.of("by"));
        this.o.putAll(a.options(OPTIONS));
        List<String> b = new ArrayList<>();
        if (!a.done() && a.peek().isWordIgnoreCase("by")) {
            a.next();
            b = a.fieldList(Set.of());
        }
        a.expectDone();
        this.by = b;
        if (fields.isEmpty()) {
            throw a.bad("no field given");
        }
        this.limit = o.containsKey("limit") ? Args.integer(a, "limit", o.get("limit")) : n;
        for (String bool : List.of("showcount", "showperc", "useother")) {
            if (o.containsKey(bool)) {
                Args.bool(a, bool, o.get(bool));
            }
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        String countField = o.getOrDefault("countfield", "count");
        String percentField = o.getOrDefault("percentfield", "percent");
        boolean showCount = !o.containsKey("showcount") || o.get("showcount").matches("(?i)true|t|1|yes");
        boolean showPerc = !o.containsKey("showperc") || o.get("showperc").matches("(?i)true|t|1|yes");
        boolean useOther = o.containsKey("useother") && o.get("useother").matches("(?i)true|t|1|yes");
        Map<List<String>, Map<List<String>, Integer>> perGroup = new java.util.TreeMap<>(Grouping.KEY_ORDER);
        Map<List<String>, Integer> totals = new HashMap<>();
        for (Rec r : in.rows()) {
            for (List<String> g : Grouping.keys(r, by)) {
                List<List<String>> keys = Grouping.keys(r, fields);
                for (List<String> k : keys) {
                    perGroup.computeIfAbsent(g, x -> new LinkedHashMap<>()).merge(k, 1, Integer::sum);
                }
                if (!keys.isEmpty()) {
                    totals.merge(g, 1, Integer::sum);
                }
            }
        }
        List<Rec> out = new ArrayList<>();
        perGroup.forEach((g, counts) -> {
            List<Map.Entry<List<String>, Integer>> entries = new ArrayList<>(counts.entrySet());
            entries.sort((x, y) ->
                    rare ? Integer.compare(x.getValue(), y.getValue()) : Integer.compare(y.getValue(), x.getValue()));
            int total = totals.getOrDefault(g, 0);
            int shown = limit == 0 ? entries.size() : Math.min(limit, entries.size());
            for (Map.Entry<List<String>, Integer> e : entries.subList(0, shown)) {
                out.add(row(g, e.getKey(), e.getValue(), total, countField, percentField, showCount, showPerc));
            }
            if (useOther && shown < entries.size()) {
                int rest = entries.subList(shown, entries.size()).stream()
                        .mapToInt(Map.Entry::getValue)
                        .sum();
                List<String> other = new ArrayList<>();
                fields.forEach(f -> other.add(o.getOrDefault("otherstr", "OTHER")));
                out.add(row(g, other, rest, total, countField, percentField, showCount, showPerc));
            }
        });
        List<String> order = new ArrayList<>(by);
        order.addAll(fields);
        if (showCount) {
            order.add(countField);
        }
        if (showPerc) {
            order.add(percentField);
        }
        return new Results(out, order);
    }

    private Rec row(
            List<String> g,
            List<String> k,
            int count,
            int total,
            String countField,
            String percentField,
            boolean showCount,
            boolean showPerc) {
        Rec r = new Rec();
        for (int i = 0; i < by.size(); i++) {
            r.put(by.get(i), g.get(i));
        }
        for (int i = 0; i < fields.size(); i++) {
            r.put(fields.get(i), k.get(i));
        }
        if (showCount) {
            r.put(countField, Integer.toString(count));
        }
        if (showPerc) {
            r.put(
                    percentField,
                    BigDecimal.valueOf(count * 100.0 / total)
                            .setScale(6, RoundingMode.HALF_UP)
                            .toPlainString());
        }
        return r;
    }
}
