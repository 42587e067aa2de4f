package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits results into groups by the values of {@code by} fields, as stats does: a result lacking a by-field is left
 * out; a multivalue by-field puts the result into one group per value; groups are ordered by their values
 * (numerically when both are numbers).
 */
final class Grouping {
    static final Comparator<String> NATURAL = (a, b) -> {
        Double x = Values.parseNumber(a), y = Values.parseNumber(b);
        if (x != null && y != null) {
            int c = Double.compare(x, y);
            return c != 0 ? c : a.compareTo(b);
        }
        if (x != null) {
            return -1;
        }
        if (y != null) {
            return 1;
        }
        return a.compareTo(b);
    };

    static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = NATURAL.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private Grouping() {}

    /** The group keys of one result: one per combination of by-values; empty when a by-field is missing. */
    static List<List<String>> keys(Rec r, List<String> by) {
        List<List<String>> keys = new ArrayList<>();
        keys.add(new ArrayList<>());
        for (String f : by) {
            List<String> vals = r.get(f);
            if (vals == null) {
                return List.of();
            }
            List<List<String>> next = new ArrayList<>();
            for (List<String> k : keys) {
                for (String v : new java.util.LinkedHashSet<>(vals)) {
                    List<String> nk = new ArrayList<>(k);
                    nk.add(v);
                    next.add(nk);
                }
            }
            keys = next;
        }
        return keys;
    }

    /** Per group (in order), per term, the samples. */
    static Map<List<String>, List<List<Aggregator.Sample>>> collect(
            List<Rec> rows, List<String> by, List<AggTerm> terms, Instant now) {
        Map<List<String>, List<List<Aggregator.Sample>>> groups = new TreeMap<>(KEY_ORDER);
        for (Rec r : rows) {
            for (List<String> key : keys(r, by)) {
                List<List<Aggregator.Sample>> per = groups.computeIfAbsent(key, k -> {
                    List<List<Aggregator.Sample>> l = new ArrayList<>();
                    terms.forEach(t -> l.add(new ArrayList<>()));
                    return l;
                });
                add(per, r, terms, now);
            }
        }
        return groups;
    }

    static void add(List<List<Aggregator.Sample>> per, Rec r, List<AggTerm> terms, Instant now) {
        for (int i = 0; i < terms.size(); i++) {
            for (String v : terms.get(i).valuesOf(r, now)) {
                per.get(i).add(new Aggregator.Sample(v, r.time()));
            }
        }
    }
}
