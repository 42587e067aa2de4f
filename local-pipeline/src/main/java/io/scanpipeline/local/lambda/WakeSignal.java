package io.scanpipeline.local.lambda;

import java.time.Duration;

/**
 * A counter that wakes waiting shard pollers: bumped when the stream reports new records (and on close), so an idle
 * poller reads at once instead of at its next poll. A poller that saw generation {@code g} before a read that came
 * back empty knows it is caught up for as long as the generation is still {@code g}.
 */
final class WakeSignal {

    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void wake() {
        generation++;
        notifyAll();
    }

    /** Waits until the generation differs from {@code seen} or {@code max} has passed. */
    synchronized void awaitChange(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
