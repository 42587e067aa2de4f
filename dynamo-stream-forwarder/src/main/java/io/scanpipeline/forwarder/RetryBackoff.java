package io.scanpipeline.forwarder;

import java.time.Duration;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1 for the first) wait a uniformly random time
 * between zero and {@code min(max, base * 2^(n-1))}. Full jitter spreads the retries of many concurrent
 * invocations hitting one throttled shard, instead of having them retry in lock step.
 *
 * @param base the cap of the first wait
 * @param max  the cap of every wait
 */
public record RetryBackoff(Duration base, Duration max) {

    public RetryBackoff {
        if (base == null || base.isNegative() || base.isZero() || max == null || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
        }
    }

    /**
     * The wait before retry {@code retry}.
     *
     * @param retry  1 for the first retry
     * @param random a uniform random number in [0, 1)
     */
    public Duration delay(int retry, double random) {
        return Duration.ofNanos((long) (cap(retry).toNanos() * random));
    }

    /** The upper bound of the wait before retry {@code retry}. */
    public Duration cap(int retry) {
        int doublings = Math.max(0, Math.min(retry - 1, 30));
        long capNanos = base.toNanos() << doublings;
        // the shift overflows long beyond ~292 years of nanoseconds; treat that as "above max"
        if (capNanos <= 0 || capNanos > max.toNanos()) {
            return max;
        }
        return Duration.ofNanos(capNanos);
    }
}
