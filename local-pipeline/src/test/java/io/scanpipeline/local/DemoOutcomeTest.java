package io.scanpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When {@code bin/local demo} exits 0 and when 1. */
class DemoOutcomeTest {

    @Test
    void everyChangeAtTheReceiver_nothingFailed_isComplete() {
        DemoOutcome outcome = new DemoOutcome(42, 42, 0, 0, 0);
        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.summary()).isEqualTo("every change arrived: 42 of 42");
    }

    @Test
    void changesMissingAtTheReceiver_areNotComplete_andSayHowMany() {
        DemoOutcome outcome = new DemoOutcome(42, 40, 0, 0, 0);
        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.summary())
                .isEqualTo("not every change arrived: 2 of 42 changes did not reach the HEC " + "receiver");
    }

    @Test
    void failedIngest_pendingUploads_orDeadLetters_areNotComplete_evenWhenTheCountsMatch() {
        assertThat(new DemoOutcome(42, 42, 1, 0, 0).problems()).containsExactly("1 uploads still not processed");
        assertThat(new DemoOutcome(42, 42, 0, 2, 0).problems())
                .containsExactly("2 ingest invocations failed after their retries");
        assertThat(new DemoOutcome(42, 42, 0, 0, 3).problems()).containsExactly("3 records dead-lettered by the sink");
    }

    @Test
    void nothingInTheStreams_isNotASuccess() {
        assertThat(new DemoOutcome(0, 0, 0, 0, 0).problems()).containsExactly("no change reached the tables' streams");
    }
}
