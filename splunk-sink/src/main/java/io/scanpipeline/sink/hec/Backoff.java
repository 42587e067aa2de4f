package io.scanpipeline.sink.hec;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: the n-th consecutive failure waits between half and all of base * 2^(n-1). */
final class Backoff {

    private final long baseNanos;
    private final long maxNanos;

    Backoff(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The wait before retry number {@code failures} (1 for the first). */
    Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 40);
        long ceiling = baseNanos > (maxNanos >> doublings) ? maxNanos : Math.min(maxNanos, baseNanos << doublings);
        // jitter keeps many senders that failed together from retrying together
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
