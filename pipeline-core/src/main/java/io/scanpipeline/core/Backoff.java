package io.scanpipeline.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, the one backoff of the project: before retry {@code n} (1 for the first) wait a
 * random time below the cap {@code min(max, base * 2^(n-1))}, drawn as {@link Jitter} says. Jitter spreads the
 * retries of many senders that failed together (a throttled table or shard, an overloaded HEC endpoint) instead of
 * having them retry in lock step.
 *
 * @param base        the cap of the first wait
 * @param max         the cap of every wait
 * @param maxAttempts how many attempts in all (the first try included); {@link Integer#MAX_VALUE} when a deadline,
 *                    not a count, bounds the retries
 * @param jitter      how the wait is drawn below the cap
 */
public record Backoff(Duration base, Duration max, int maxAttempts, Jitter jitter) {

    /** How a wait is drawn below the cap (the names of the AWS Architecture Blog's "Exponential Backoff And Jitter"). */
    public enum Jitter {
        /** Anywhere in [0, cap]: spreads retries the most; the default. */
        FULL,
        /**
         * In [cap / 2, cap]: a wait never much shorter than the cap, for a sender that should give a struggling
         * server (a HEC endpoint answering 503) at least half the backoff before it asks again.
         */
        EQUAL
    }

    /** The longest shift that still fits a long of nanoseconds with room to compare. */
    private static final int MAX_DOUBLINGS = 62;

    public Backoff {
        if (base == null || max == null || base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (jitter == null) {
            throw new IllegalArgumentException("jitter must be given");
        }
    }

    /** A backoff with full jitter. */
    public Backoff(Duration base, Duration max, int maxAttempts) {
        this(base, max, maxAttempts, Jitter.FULL);
    }

    /** A backoff with full jitter, bounded by time rather than by a number of attempts. */
    public Backoff(Duration base, Duration max) {
        this(base, max, Integer.MAX_VALUE);
    }

    /** The upper bound of the wait before retry {@code retry} (1 for the first). */
    public Duration cap(int retry) {
        int doublings = Math.max(0, Math.min(retry - 1, MAX_DOUBLINGS));
        long baseNanos = base.toNanos();
        long maxNanos = max.toNanos();
        // compare before shifting, so a large retry count never overflows into a short wait
        if (baseNanos > (maxNanos >> doublings)) {
            return max;
        }
        return Duration.ofNanos(Math.min(maxNanos, baseNanos << doublings));
    }

    /**
     * The wait before retry {@code retry}, for a given uniform random number (tests pass fixed ones).
     *
     * @param random a number in [0, 1)
     */
    public Duration delay(int retry, double random) {
        long capNanos = cap(retry).toNanos();
        return switch (jitter) {
            case FULL -> Duration.ofNanos((long) (capNanos * random));
            case EQUAL -> {
                long half = capNanos / 2;
                yield Duration.ofNanos(half + (long) ((capNanos - half) * random));
            }
        };
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
