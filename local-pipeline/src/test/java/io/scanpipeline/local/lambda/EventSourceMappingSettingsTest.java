package io.scanpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventSourceMappingSettingsTest {

    @Test
    void defaults_areTheBriefsMirrorOfLambdas() {
        EventSourceMappingSettings settings = EventSourceMappingSettings.defaults();

        assertThat(settings.batchSize()).isEqualTo(100);
        assertThat(settings.maximumBatchingWindow()).isZero();
        assertThat(settings.startingPosition()).isEqualTo(EventSourceMappingSettings.StartingPosition.TRIM_HORIZON);
        assertThat(settings.bisectBatchOnFunctionError()).isTrue();
        assertThat(settings.maximumRetryAttempts()).isEqualTo(-1);
        assertThat(settings.maximumRecordAge()).isEmpty();
        assertThat(settings.reportBatchItemFailures()).isTrue();
        assertThat(settings.onFailure()).isEmpty();
    }

    @Test
    void outOfRangeValues_areRejected_namingTheSetting() {
        assertThatThrownBy(
                        () -> EventSourceMappingSettings.builder().batchSize(0).build())
                .hasMessageStartingWith("batchSize must be 1..10000");
        assertThatThrownBy(() ->
                        EventSourceMappingSettings.builder().batchSize(10_001).build())
                .hasMessageStartingWith("batchSize");
        assertThatThrownBy(() -> EventSourceMappingSettings.builder()
                        .maximumBatchingWindow(Duration.ofSeconds(301))
                        .build())
                .hasMessageStartingWith("maximumBatchingWindow");
        assertThatThrownBy(() -> EventSourceMappingSettings.builder()
                        .maximumRetryAttempts(-2)
                        .build())
                .hasMessageStartingWith("maximumRetryAttempts");
        assertThatThrownBy(() -> EventSourceMappingSettings.builder()
                        .maximumRecordAge(Duration.ofSeconds(59))
                        .build())
                .hasMessageStartingWith("maximumRecordAge");
        assertThatThrownBy(() -> EventSourceMappingSettings.builder()
                        .maximumRecordAge(Duration.ofDays(8))
                        .build())
                .hasMessageStartingWith("maximumRecordAge");
    }

    @Test
    void toBuilder_keepsEverySetting() {
        EventSourceMappingSettings settings = EventSourceMappingSettings.builder()
                .batchSize(7)
                .maximumBatchingWindow(Duration.ofSeconds(3))
                .maximumRetryAttempts(2)
                .maximumRecordAge(Duration.ofMinutes(5))
                .bisectBatchOnFunctionError(false)
                .reportBatchItemFailures(false)
                .onFailure(Path.of("x.ndjson"))
                .build();

        assertThat(settings.toBuilder().build()).hasToString(settings.toString());
    }

    @Test
    void retryDelay_doubles_upToItsCap() {
        EventSourceMappingSettings settings = EventSourceMappingSettings.builder()
                .retryBackoff(Duration.ofMillis(100))
                .build();

        assertThat(settings.retryDelay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.retryDelay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(settings.retryDelay(30))
                .isEqualTo(Duration.ofSeconds(EventSourceMappingSettings.MAX_RETRY_BACKOFF_SECONDS));
    }
}
