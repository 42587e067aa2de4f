package io.scanpipeline.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The values of the measured repetitions of one figure, in the order they were taken. Every figure and ratio the
 * benchmark prints is the {@link #median()} of these; min and max show the spread.
 */
public final class Samples {

    private final List<Double> values = new ArrayList<>();

    public void add(double value) {
        values.add(value);
    }

    public List<Double> values() {
        return List.copyOf(values);
    }

    public int count() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The median: the middle value, or the mean of the two middle values for an even count. */
    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The {@code p}-th percentile by nearest rank: the smallest value that at least {@code p}% of the values do not
     * exceed (with 20 values p95 is the 19th smallest and p99 the largest). For the distribution within one
     * repetition, e.g. per-object latencies; the figures themselves are medians of repetitions.
     */
    public double percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size() / 100); // p * n first: exact for whole p
        return sorted.get(Math.max(rank, 1) - 1);
    }

    public double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
