package io.scanpipeline.forwarder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The instant by which an invocation must stop retrying and report what is not done. Built from Lambda's remaining
 * time minus a safety margin, so failures are reported before Lambda's own timeout turns the whole batch into one.
 */
public final class Deadline {

    private final Clock clock;
    private final Instant end;

    private Deadline(Clock clock, Instant end) {
        this.clock = clock;
        this.end = end;
    }

    /** A deadline {@code budget} from now on {@code clock}; a negative budget is already expired. */
    public static Deadline after(Duration budget, Clock clock) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    /** Time left, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean isExpired() {
        return remaining().isZero();
    }

    /** Whether waiting {@code wait} still leaves time to do something afterwards. */
    public boolean allows(Duration wait) {
        return remaining().compareTo(wait) > 0;
    }

    @Override
    public String toString() {
        return "Deadline[" + end + ", remaining " + remaining() + "]";
    }
}
