package io.scanpipeline.sink.kcl;

import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether Splunk refuses the sink's configuration: its token (HEC codes 1-4) or its own index (code 7 for
 * {@code HEC_INDEX} or the token's default index). While it does, the sink makes no progress on purpose (nothing is
 * checkpointed, nothing dropped, batches are resent periodically) and raises an alarm: an ERROR line
 * {@code hec_auth_failing} or {@code hec_index_refused} at most every {@code alarmInterval}, and {@code /health}
 * answers 503.
 */
public final class DeliveryHealth {

    private final StructuredLog log;
    private final Duration alarmInterval;
    private final Clock clock;
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private final AtomicReference<Instant> lastAlarm = new AtomicReference<>(Instant.MIN);
    private volatile String lastError;
    private volatile boolean indexRefused;

    public DeliveryHealth(StructuredLog log, Duration alarmInterval, Clock clock) {
        this.log = log;
        this.alarmInterval = alarmInterval;
        this.clock = clock;
    }

    /** Records an authentication failure and logs the alarm line if the last one is older than the interval. */
    public void authFailed(String error) {
        failed(error, false);
    }

    /**
     * Records that Splunk refused the sink's own index (a typo in {@code HEC_INDEX}, or a token not allowed to write
     * it): a configuration error like a refused token, never one bad event.
     */
    public void indexRefused(String error) {
        failed(error, true);
    }

    private void failed(String error, boolean index) {
        Instant now = clock.instant();
        failingSince.compareAndSet(null, now);
        lastError = error;
        indexRefused = index;
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
            log.info(
                    "hec_auth_recovered",
                    Map.of(
                            "failingForMs",
                            Duration.between(since, clock.instant()).toMillis()));
        }
    }

    /** Whether the last HEC answer refused the sink's token or its index. */
    public boolean authFailing() {
        return failingSince.get() != null;
    }

    private void alarmIfDue(Instant now) {
        Instant last = lastAlarm.get();
        if (Duration.between(last.equals(Instant.MIN) ? now.minus(alarmInterval) : last, now)
                                .compareTo(alarmInterval)
                        >= 0
                && lastAlarm.compareAndSet(last, now)) {
            Instant since = failingSince.get();
            log.error(
                    indexRefused ? "hec_index_refused" : "hec_auth_failing",
                    Map.of(
                            "alarm",
                            true,
                            "message",
                            (indexRefused
                                            ? "Splunk HEC refuses the sink's index (HEC_INDEX or the token's default)"
                                            : "Splunk HEC refuses the token")
                                    + ": the sink is paused, nothing is checkpointed or dropped",
                            "failingSince",
                            String.valueOf(since),
                            "error",
                            String.valueOf(lastError)));
        }
    }
}
