package io.scanpipeline.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, the one backoff of the project: before retry {@code n} (1 for the first)
 * wait a uniformly random time in [0, min(max, base * 2^(n-1))]. Full jitter spreads the retries of many senders
 * that failed together (a throttled table or shard) instead of having them retry in lock step.
 *
 * @param base        the cap of the first wait
 * @param max         the cap of every wait
 * @param maxAttempts how many attempts in all (the first try included); {@link Integer#MAX_VALUE} when a deadline,
 *                    not a count, bounds the retries
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public Backoff {
        if (base == null || max == null || base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** A backoff bounded by time rather than by a number of attempts. */
    public Backoff(Duration base, Duration max) {
        this(base, max, Integer.MAX_VALUE);
    }

    /** The upper bound of the wait before retry {@code retry} (1 for the first). */
    public Duration cap(int retry) {
        int doublings = Math.max(0, Math.min(retry - 1, 30));
        long capNanos = base.toNanos() << doublings;
        // the shift overflows long beyond ~292 years of nanoseconds; treat that as "above max"
        if (capNanos <= 0 || capNanos > max.toNanos()) {
            return max;
        }
        return Duration.ofNanos(capNanos);
    }

    /**
     * The wait before retry {@code retry}, for a given uniform random number (tests pass fixed ones).
     *
     * @param random a number in [0, 1)
     */
    public Duration delay(int retry, double random) {
        return Duration.ofNanos((long) (cap(retry).toNanos() * random));
    }

    /** The wait before retry {@code retry}, with a fresh random number. */
    public Duration delay(int retry) {
        return delay(retry, ThreadLocalRandom.current().nextDouble());
    }

    /** Sleeps the wait before retry {@code retry}. */
    public void sleep(int retry) throws InterruptedException {
        Thread.sleep(delay(retry).toMillis());
    }

    /** True while another attempt is allowed after {@code attemptsMade}. */
    public boolean allowsAnother(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }
}
