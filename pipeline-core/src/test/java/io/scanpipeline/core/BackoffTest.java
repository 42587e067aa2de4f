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
    void invalidBounds_areRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
