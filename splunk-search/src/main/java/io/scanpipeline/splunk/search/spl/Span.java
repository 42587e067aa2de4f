package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.TimeModifier;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time span ({@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w}, {@code 1mon}, {@code 1q}, {@code 1y});
 * buckets are aligned to the span in UTC: fixed spans to multiples of the span since the epoch, months, quarters and
 * years to their calendar start. {@link #auto} picks Splunk's default for bins=100: the smallest of 1s 5s 10s 30s
 * 1m 5m 10m 30m 1h 1d 1mon giving at most 100 buckets (15 minutes -> 10s, 24 hours -> 30m, 7 days -> 1d, as the
 * timechart documentation lists).
 */
record Span(long amount, String unit) {
    private static final Pattern TEXT = Pattern.compile("(\\d*)([a-zA-Z]+)");
    private static final long[] NICE = {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 86400};

    static Span parse(Args a, String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw a.bad("invalid span '" + text + "'");
        }
        long n = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
        String unit;
        try {
            unit = TimeModifier.unit(m.group(2), text);
        } catch (SplException e) {
            throw a.bad("invalid span '" + text + "'");
        }
        if (n <= 0) {
            throw a.bad("span must be positive: '" + text + "'");
        }
        return new Span(n, unit);
    }

    static Span auto(long rangeSeconds, int bins) {
        for (long s : NICE) {
            if ((double) rangeSeconds / s <= bins) {
                return new Span(s, "s");
            }
        }
        return new Span(1, "mon");
    }

    long seconds() {
        return switch (unit) {
            case "s" -> amount;
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            case "d" -> amount * 86400;
            case "w" -> amount * 604800;
            default -> -1;
        };
    }

    long floor(BigDecimal time) {
        long t = time.setScale(0, RoundingMode.FLOOR).longValue();
        long s = seconds();
        if (s > 0) {
            return Math.floorDiv(t, s) * s;
        }
        ZonedDateTime z = Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC);
        int months = (int) (unit.equals("mon") ? amount : unit.equals("q") ? 3 * amount : 12 * amount);
        long index = (long) z.getYear() * 12 + (z.getMonthValue() - 1);
        long start = Math.floorDiv(index, months) * months;
        return ZonedDateTime.of(
                        (int) Math.floorDiv(start, 12),
                        (int) Math.floorMod(start, 12) + 1,
                        1,
                        0,
                        0,
                        0,
                        0,
                        ZoneOffset.UTC)
                .toEpochSecond();
    }

    long next(long bucket) {
        long s = seconds();
        if (s > 0) {
            return bucket + s;
        }
        int months = (int) (unit.equals("mon") ? amount : unit.equals("q") ? 3 * amount : 12 * amount);
        return Instant.ofEpochSecond(bucket)
                .atZone(ZoneOffset.UTC)
                .plusMonths(months)
                .toEpochSecond();
    }
}
