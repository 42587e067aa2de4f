package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes one {@link AggTerm} over the values collected for a group. Numeric functions ignore non-numeric values;
 * {@code values} is distinct and lexicographic, {@code list} keeps order (up to 100), {@code first}/{@code last}
 * follow the input order (newest first for events), {@code earliest}/{@code latest} follow {@code _time};
 * percentiles use Splunk's default nearest-rank method (limits.conf {@code perc_method = nearest-rank}: the value at
 * 0-based rank floor(p/100 * count) of the sorted values), {@code median} is perc50, {@code stdev} is the sample
 * standard deviation. Empty input gives null, except count and dc (0).
 */
final class Aggregator {
    private Aggregator() {}

    /** One collected value with the time of the result it came from. */
    record Sample(String value, BigDecimal time) {}

    /** The result as field values (several for values() and list()); null when there is none. */
    static List<String> compute(AggTerm term, List<Sample> samples) {
        if (term.function().equals("values")) {
            TreeSet<String> s = new TreeSet<>();
            samples.forEach(x -> s.add(x.value()));
            return s.isEmpty() ? null : new ArrayList<>(s);
        }
        if (term.function().equals("list")) {
            List<String> l = new ArrayList<>();
            samples.stream().limit(100).forEach(x -> l.add(x.value()));
            return l.isEmpty() ? null : l;
        }
        String one = single(term, samples);
        return one == null ? null : List.of(one);
    }

    private static String single(AggTerm term, List<Sample> samples) {
        switch (term.function()) {
            case "count":
                return Integer.toString(samples.size());
            case "dc":
                return Integer.toString(
                        (int) samples.stream().map(Sample::value).distinct().count());
            case "first":
                return samples.isEmpty() ? null : samples.get(0).value();
            case "last":
                return samples.isEmpty()
                        ? null
                        : samples.get(samples.size() - 1).value();
            case "earliest", "latest": {
                Sample best = null;
                for (Sample s : samples) {
                    if (s.time() == null) {
                        continue;
                    }
                    int c = best == null ? 0 : s.time().compareTo(best.time());
                    if (best == null || (term.function().equals("earliest") ? c < 0 : c > 0)) {
                        best = s;
                    }
                }
                return best == null ? null : best.value();
            }
            case "mode": {
                Map<String, Integer> counts = new LinkedHashMap<>();
                samples.forEach(s -> counts.merge(s.value(), 1, Integer::sum));
                String best = null;
                int n = 0;
                for (Map.Entry<String, Integer> e : counts.entrySet()) {
                    if (e.getValue() > n) {
                        best = e.getKey();
                        n = e.getValue();
                    }
                }
                return best;
            }
            case "min", "max":
                return extreme(term.function().equals("max"), samples);
            default:
                return numeric(term, samples);
        }
    }

    private static String extreme(boolean max, List<Sample> samples) {
        Double best = null;
        String bestText = null;
        String bestString = null;
        for (Sample s : samples) {
            Double d = Values.parseNumber(s.value());
            if (d != null) {
                if (best == null || (max ? d > best : d < best)) {
                    best = d;
                    bestText = s.value().strip();
                }
            } else if (bestString == null
                    || (max ? s.value().compareTo(bestString) > 0 : s.value().compareTo(bestString) < 0)) {
                bestString = s.value();
            }
        }
        if (best != null) {
            return Values.formatNumber(best).equals(bestText) ? bestText : Values.formatNumber(best);
        }
        return bestString;
    }

    private static String numeric(AggTerm term, List<Sample> samples) {
        List<Double> nums = new ArrayList<>();
        for (Sample s : samples) {
            Double d = Values.parseNumber(s.value());
            if (d != null) {
                nums.add(d);
            }
        }
        if (nums.isEmpty()) {
            return null;
        }
        switch (term.function()) {
            case "sum":
                return Values.formatNumber(plainSum(nums));
            case "avg":
                return Values.formatNumber(plainSum(nums) / nums.size());
            case "range":
                return Values.formatNumber(Collections.max(nums) - Collections.min(nums));
            case "stdev": {
                if (nums.size() < 2) {
                    return null;
                }
                double mean = plainSum(nums) / nums.size();
                double ss =
                        nums.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
                return Values.formatNumber(Math.sqrt(ss / (nums.size() - 1)));
            }
            case "median":
                return percentile(nums, 50);
            case "perc":
                return percentile(nums, term.percentile());
            default:
                throw new IllegalStateException(term.function());
        }
    }

    /** Left-to-right double addition, as Splunk adds (DoubleStream.sum compensates and would differ). */
    private static double plainSum(List<Double> nums) {
        double sum = 0;
        for (double d : nums) {
            sum += d;
        }
        return sum;
    }

    static String percentile(List<Double> nums, double p) {
        List<Double> sorted = new ArrayList<>(nums);
        Collections.sort(sorted);
        int rank = (int) Math.floor(p / 100.0 * sorted.size());
        return Values.formatNumber(sorted.get(Math.min(rank, sorted.size() - 1)));
    }
}
