package io.scanpipeline.sink.kcl;

import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether Splunk refuses the sink's token. While it does, the sink makes no progress on purpose (nothing is
 * checkpointed, nothing dropped, batches are resent periodically) and raises an alarm: an ERROR line
 * {@code hec_auth_failing} at most every {@code alarmInterval}, and {@code /health} answers 503.
 */
public final class DeliveryHealth {

    private final StructuredLog log;
    private final Duration alarmInterval;
    private final Clock clock;
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private final AtomicReference<Instant> lastAlarm = new AtomicReference<>(Instant.MIN);
    private volatile String lastError;

    public DeliveryHealth(StructuredLog log, Duration alarmInterval, Clock clock) {
        this.log = log;
        this.alarmInterval = alarmInterval;
        this.clock = clock;
    }

    /** Records an authentication failure and logs the alarm line if the last one is older than the interval. */
    public void authFailed(String error) {
        Instant now = clock.instant();
        failingSince.compareAndSet(null, now);
        lastError = error;
        alarmIfDue(now);
    }

    /** Logs the alarm line again if still failing and the interval passed (called by a timer). */
    public void remind() {
        if (failingSince.get() != null) {
            alarmIfDue(clock.instant());
        }
    }

    /** Records a successful delivery: the token works (again). */
    public void delivered() {
        Instant since = failingSince.getAndSet(null);
        if (since != null) {
            log.info("hec_auth_recovered", Map.of("failingForMs", Duration.between(since, clock.instant()).toMillis()));
        }
    }

    /** Whether the last HEC answer was an authentication failure. */
    public boolean authFailing() {
        return failingSince.get() != null;
    }

    private void alarmIfDue(Instant now) {
        Instant last = lastAlarm.get();
        if (Duration.between(last.equals(Instant.MIN) ? now.minus(alarmInterval) : last, now)
                .compareTo(alarmInterval) >= 0 && lastAlarm.compareAndSet(last, now)) {
            Instant since = failingSince.get();
            log.error("hec_auth_failing", Map.of("alarm", true,
                    "message", "Splunk HEC refuses the token: the sink is paused, nothing is checkpointed or dropped",
                    "failingSince", String.valueOf(since), "error", String.valueOf(lastError)));
        }
    }
}
