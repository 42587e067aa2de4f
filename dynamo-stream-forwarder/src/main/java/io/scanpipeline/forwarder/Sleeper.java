package io.scanpipeline.forwarder;

import java.time.Duration;

/** Waits between retries; tests pass one that advances a fake clock instead of blocking. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
