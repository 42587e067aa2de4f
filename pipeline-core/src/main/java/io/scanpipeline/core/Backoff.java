package io.scanpipeline.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, base * 2^n)].
 *
 * @param base        the first ceiling
 * @param max         the largest ceiling
 * @param maxAttempts how many attempts in all (the first try included)
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max and maxAttempts >= 1");
        }
    }

    /** The delay before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        ceiling = Math.min(ceiling, max.toMillis());
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** Sleeps the delay of {@code attempt}. */
    public void sleep(int attempt) throws InterruptedException {
        Thread.sleep(delay(attempt).toMillis());
    }

    /** True while another attempt is allowed after {@code attemptsMade}. */
    public boolean allowsAnother(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }
}
