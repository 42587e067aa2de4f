package io.scanpipeline.forwarder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when told to; the fake sleeper and the fake Kinesis move it. */
final class FakeClock extends Clock {

    private Instant now;

    FakeClock(Instant start) {
        this.now = start;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** A sleeper that returns at once after moving this clock, recording each wait. */
    Sleeper sleeper(java.util.List<Duration> waits) {
        return duration -> {
            waits.add(duration);
            advance(duration);
        };
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
