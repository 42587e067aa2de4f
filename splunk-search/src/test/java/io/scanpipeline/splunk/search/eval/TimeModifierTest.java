package io.scanpipeline.splunk.search.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.splunk.search.SplException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Search Reference, "Time modifiers": offsets, snap-to, weekday snaps, chained modifiers; all in UTC here. */
class TimeModifierTest {
    // Thursday 2024-12-05 12:34:56Z
    private static final Instant NOW = Instant.parse("2024-12-05T12:34:56Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "now, 2024-12-05T12:34:56Z",
        "-7d@d, 2024-11-28T00:00:00Z",
        "-24h@h, 2024-12-04T12:00:00Z",
        "@w0, 2024-12-01T00:00:00Z",
        "@w1, 2024-12-02T00:00:00Z",
        "+1h, 2024-12-05T13:34:56Z",
        "-1d@d+6h, 2024-12-04T06:00:00Z",
        "@mon, 2024-12-01T00:00:00Z",
        "-1mon@mon, 2024-11-01T00:00:00Z",
        "@q, 2024-10-01T00:00:00Z",
        "@y, 2024-01-01T00:00:00Z",
        "-30m@m, 2024-12-05T12:04:00Z",
        "-15s, 2024-12-05T12:34:41Z",
        "1733400000, 2024-12-05T12:00:00Z",
        "2024-12-05T12:00:00Z, 2024-12-05T12:00:00Z",
        "12/05/2024:12:00:00, 2024-12-05T12:00:00Z",
    })
    void resolves(String modifier, String expected) {
        assertThat(TimeModifier.resolve(modifier, NOW)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"-7x", "yesterday", "@", "-1d@zz"})
    void refusesWhatItCannotRead(String modifier) {
        assertThatThrownBy(() -> TimeModifier.resolve(modifier, NOW))
                .isInstanceOf(SplException.BadArgument.class)
                .hasMessageContaining(modifier);
    }
}
