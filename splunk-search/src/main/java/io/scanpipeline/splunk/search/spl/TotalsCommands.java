package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code addtotals [row=<bool>] [col=<bool>] [fieldname=] [labelfield=] [label=] [fields]} and
 * {@code addcoltotals [labelfield=] [label=] [fields]}: sums of the numeric fields (all of them, internal
 * {@code _} fields excepted, when none are named; {@code *} wildcards allowed) per row into {@code Total} and/or as
 * an extra row at the end.
 */
final class TotalsCommands {
    private TotalsCommands() {}

    static Command addtotals(String argText) {
        Args a = new Args("addtotals", argText);
        Set<String> known = Set.of("row", "col", "fieldname", "labelfield", "label");
        Map<String, String> o = a.options(known);
        List<String> fields = a.fieldList(Set.of());
        o.putAll(a.options(known));
        a.expectDone();
        boolean row = Args.bool(a, "row", o.getOrDefault("row", "true"));
        boolean col = Args.bool(a, "col", o.getOrDefault("col", "false"));
        String name = o.getOrDefault("fieldname", "Total");
        String labelField = o.get("labelfield");
        String label = o.getOrDefault("label", "Total");
        return (in, ctx) -> {
            List<String> targets = targets(in, fields);
            if (row) {
                for (Rec r : in.rows()) {
                    Double sum = null;
                    for (String f : targets) {
                        Double d = r.first(f) == null ? null : Values.parseNumber(r.first(f));
                        if (d != null) {
                            sum = (sum == null ? 0 : sum) + d;
                        }
                    }
                    if (sum != null) {
                        r.put(name, Values.formatNumber(sum));
                    }
                }
                in.addField(name);
            }
            if (col) {
                List<String> all = new ArrayList<>(targets);
                if (row) {
                    all.add(name);
                }
                appendColumnTotals(in, all, labelField, label);
            }
            return in;
        };
    }

    static Command addcoltotals(String argText) {
        Args a = new Args("addcoltotals", argText);
        Set<String> known = Set.of("labelfield", "label");
        Map<String, String> o = a.options(known);
        List<String> fields = a.fieldList(Set.of());
        o.putAll(a.options(known));
        a.expectDone();
        return (in, ctx) -> {
            appendColumnTotals(in, targets(in, fields), o.get("labelfield"), o.getOrDefault("label", "Total"));
            return in;
        };
    }

    private static List<String> targets(Results in, List<String> patterns) {
        List<String> known = in.withFieldsOfRows().fields();
        if (patterns.isEmpty()) {
            return known.stream().filter(f -> !f.startsWith("_")).toList();
        }
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            if (p.contains("*")) {
                var g = FieldsCommands.glob(p);
                known.stream()
                        .filter(f -> g.matcher(f).matches() && !out.contains(f))
                        .forEach(out::add);
            } else if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static void appendColumnTotals(Results in, List<String> fields, String labelField, String label) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Rec r : in.rows()) {
            for (String f : fields) {
                Double d = r.first(f) == null ? null : Values.parseNumber(r.first(f));
                if (d != null) {
                    sums.merge(f, d, Double::sum);
                }
            }
        }
        Rec total = new Rec();
        sums.forEach((f, s) -> total.put(f, Values.formatNumber(s)));
        if (labelField != null) {
            if (sums.containsKey(labelField)) {
                throw new SplException.BadArgument("addcoltotals: labelfield '" + labelField + "' is a totalled field");
            }
            total.put(labelField, label);
            in.addField(labelField);
        }
        in.rows().add(total);
    }
}
