package io.scanpipeline.sink.hec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @RepeatedTest(20)
    void delay_doublesPerFailure_withJitterInTheUpperHalf_andStopsAtTheMaximum() {
        assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(backoff.delay(4)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(backoff.delay(10)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(backoff.delay(1000)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
