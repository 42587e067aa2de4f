package io.scanpipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void cap_doublesPerRetry_upToTheMaximum_evenForHugeRetryCounts() {
        assertThat(backoff.cap(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.cap(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.cap(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.cap(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.cap(10_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void delay_isFullJitter_anywhereFromZeroToTheCap() {
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(backoff.delay(3, 0.25)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(3, 0.999_999)).isLessThan(backoff.cap(3));
    }

    @Test
    void equalJitter_waitsBetweenHalfAndAllOfTheCap_andStopsAtTheMaximum() {
        Backoff equal =
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), Integer.MAX_VALUE, Backoff.Jitter.EQUAL);
        assertThat(equal.delay(1, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(equal.delay(1, 0.5)).isEqualTo(Duration.ofMillis(75));
        assertThat(equal.delay(1, 0.999_999)).isLessThan(Duration.ofMillis(100));
        assertThat(equal.delay(4, 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(equal.delay(10, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(equal.delay(1000, 0.999_999)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void fullJitter_isTheDefault() {
        assertThat(backoff.jitter()).isEqualTo(Backoff.Jitter.FULL);
        assertThat(new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 3).jitter())
                .isEqualTo(Backoff.Jitter.FULL);
    }

    @Test
    void cap_keepsDoublingPastThirtyRetries_whenTheBaseIsTiny() {
        Backoff tiny = new Backoff(Duration.ofNanos(1), Duration.ofSeconds(60));
        assertThat(tiny.cap(32)).isEqualTo(Duration.ofNanos(1L << 31));
        assertThat(tiny.cap(63)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void invalidBounds_areRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
