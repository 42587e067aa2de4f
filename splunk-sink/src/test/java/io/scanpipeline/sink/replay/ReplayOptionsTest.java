package io.scanpipeline.sink.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.sink.StartPosition;
import io.scanpipeline.sink.kcl.RecordSelector.Decision;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:34:56Z");

    private static ReplayOptions parse(String... args) {
        return ReplayOptions.parse(List.of(args), "scan-sink", NOW);
    }

    @Test
    void trimHorizon_defaultsToANewTimestampedApplication_deletingItsLeaseTable() {
        ReplayOptions options = parse("TRIM_HORIZON");

        assertThat(options.start()).isEqualTo(StartPosition.trimHorizon());
        assertThat(options.application()).isEqualTo("scan-sink-replay-20240501-123456");
        assertThat(options.keepLeaseTable()).isFalse();
        assertThat(options.timeout()).isEqualTo(Duration.ofHours(24));
        assertThat(options.window()).isEqualTo(new ReplayWindow(null, null));
    }

    @Test
    void theLiveApplicationName_orOneOfItsKclTables_isRefused() {
        for (String live : List.of("scan-sink", "scan-sink-CoordinatorState", "scan-sink-WorkerMetricStats")) {
            assertThatThrownBy(() -> parse("TRIM_HORIZON", "--application", live))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("--application")
                    .hasMessageContaining("live application scan-sink");
        }
    }

    @Test
    void atTimestamp_withUntilAndOptions() {
        ReplayOptions options = parse(
                "AT_TIMESTAMP",
                "2024-05-01T10:00:00Z",
                "--until",
                "2024-05-01T11:00:00Z",
                "--application",
                "my-replay",
                "--keep-lease-table",
                "--timeout",
                "30m");

        assertThat(options.start()).isEqualTo(StartPosition.atTimestamp(Instant.parse("2024-05-01T10:00:00Z")));
        assertThat(options.window().until()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
        assertThat(options.application()).isEqualTo("my-replay");
        assertThat(options.keepLeaseTable()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void atSequenceNumber_readsFromTheTrimHorizon_andSkipsUpToThePosition() {
        ReplayOptions options = parse("AT_SEQUENCE_NUMBER", "shardId-000000000001:500,shardId-000000000002:70");

        assertThat(options.start()).isEqualTo(StartPosition.trimHorizon());
        ReplayWindow window = options.window();
        assertThat(window.decide("shardId-000000000001", SequencePosition.of("499", 0), null))
                .isEqualTo(Decision.SKIP);
        assertThat(window.decide("shardId-000000000001", SequencePosition.of("500", 0), null))
                .isEqualTo(Decision.SEND);
        assertThat(window.decide("shardId-000000000001", SequencePosition.of("500", 3), null))
                .as("every sub-record of the named record")
                .isEqualTo(Decision.SEND);
        assertThat(window.decide("shardId-000000000002", SequencePosition.of("71", 0), null))
                .isEqualTo(Decision.SEND);
        assertThat(window.decide("shardId-000000000003", SequencePosition.of("900", 0), null))
                .as("a shard not named is not replayed")
                .isEqualTo(Decision.END);
    }

    @Test
    void until_endsTheShardAtTheFirstLaterRecord() {
        ReplayWindow window =
                parse("TRIM_HORIZON", "--until", "2024-05-01T11:00:00Z").window();

        assertThat(window.decide("s", SequencePosition.of("1", 0), Instant.parse("2024-05-01T11:00:00Z")))
                .isEqualTo(Decision.SEND);
        assertThat(window.decide("s", SequencePosition.of("2", 0), Instant.parse("2024-05-01T11:00:00.001Z")))
                .isEqualTo(Decision.END);
    }

    @Test
    void invalidArguments_nameTheArgument() {
        assertThatThrownBy(() -> parse())
                .isInstanceOf(ConfigException.class)
                .hasMessage("arguments Missing required parameter: 'POSITION'");
        assertThatThrownBy(() -> parse("LATEST"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LATEST");
        assertThatThrownBy(() -> parse("AT_TIMESTAMP"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AT_TIMESTAMP needs a value");
        assertThatThrownBy(() -> parse("AT_TIMESTAMP", "noon"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AT_TIMESTAMP must be an ISO-8601 time");
        assertThatThrownBy(() -> parse("AT_SEQUENCE_NUMBER", "shardId-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AT_SEQUENCE_NUMBER takes");
        assertThatThrownBy(() -> parse("AT_SEQUENCE_NUMBER", "shardId-1:abc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AT_SEQUENCE_NUMBER");
        assertThatThrownBy(() -> parse("TRIM_HORIZON", "--since", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("arguments Unknown option: '--since'");
        assertThatThrownBy(() -> parse("TRIM_HORIZON", "later"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("TRIM_HORIZON takes no value, was given 'later'");
        assertThatThrownBy(() -> parse("AT_TIMESTAMP", "2024-05-01T10:00:00Z", "--until", "2024-05-01T09:00:00Z"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--until is before");
    }
}
