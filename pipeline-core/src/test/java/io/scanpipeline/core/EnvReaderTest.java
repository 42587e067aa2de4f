package io.scanpipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvReaderTest {

    @ParameterizedTest
    @CsvSource({
        "PT30S, 30000",
        "pt0.05s, 50",
        "PT3M, 180000",
        "P1D, 86400000",
        "250ms, 250",
        "10s, 10000",
        "3m, 180000",
        "1h, 3600000",
        "10 s, 10000",
        "10S, 10000",
        "0, 0",
        "PT0S, 0"
    })
    void duration_acceptsIsoAndWholeNumbersWithAUnit(String text, long millis) {
        assertThat(EnvReader.parseDuration("X", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1.5s", "soon", "10 seconds", "PTX", "-5s", "5d"})
    void duration_refusesEverythingElse_namingTheVariableAndValue(String text) {
        assertThatThrownBy(() -> EnvReader.parseDuration("HEC_ACK_TIMEOUT", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HEC_ACK_TIMEOUT ")
                .hasMessageContaining("'" + text + "'")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("HEC_ACK_TIMEOUT"));
    }

    @Test
    void bareNonZeroNumber_isRefusedAsAmbiguous() {
        assertThatThrownBy(() -> EnvReader.parseDuration("RETRY_BASE_BACKOFF", "100"))
                .hasMessage("RETRY_BASE_BACKOFF needs a unit (ms, s, m or h) like 250ms, 10s, 3m, 1h or PT30S, "
                        + "was '100'");
    }

    @Test
    void unsetOrBlank_takesTheFallback() {
        EnvReader read = new EnvReader(Map.of("A", "  ", "B", " x "));
        assertThat(read.duration("A", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(read.string("A", "d")).isEqualTo("d");
        assertThat(read.string("B", "d")).isEqualTo("x");
        assertThat(read.integer("MISSING", 4)).isEqualTo(4);
        assertThat(read.bool("MISSING", true)).isTrue();
    }

    @Test
    void integer_outsideItsRange_namesTheVariableTheBoundsAndTheValue() {
        EnvReader read = new EnvReader(Map.of("WRITE_CONCURRENCY", "65", "N", "many"));
        assertThatThrownBy(() -> read.integer("WRITE_CONCURRENCY", 4, 1, 64))
                .hasMessage("WRITE_CONCURRENCY must be between 1 and 64, was 65");
        assertThatThrownBy(() -> read.integer("N", 1)).hasMessage("N must be a whole number, was 'many'");
    }

    @Test
    void bool_url_and_choice_nameTheVariable() {
        EnvReader read = new EnvReader(Map.of("B", "yes", "U", "not a url", "C", "sideways", "OK", "http://h:1"));
        assertThatThrownBy(() -> read.bool("B", false)).hasMessage("B must be true or false, was 'yes'");
        assertThatThrownBy(() -> read.url("U")).hasMessageStartingWith("U must be a URL");
        assertThatThrownBy(() -> read.choice("C", java.time.DayOfWeek.class, null))
                .hasMessageStartingWith("C must be one of [MONDAY");
        assertThat(read.url("OK")).isEqualTo(URI.create("http://h:1"));
    }

    @Test
    void secret_isStripped_andRequiredNamesItsHint() {
        EnvReader read = new EnvReader(Map.of("T", "abc\n"));
        assertThat(read.secret("T")).isEqualTo("abc");
        assertThatThrownBy(() -> read.required("APPLICATION_NAME", "the lease table"))
                .hasMessage("APPLICATION_NAME is required (the lease table)");
    }

    @Test
    void exactlyOne_bothSet_isAnErrorNamingBothAndTheirValues() {
        assertThatThrownBy(() -> EnvReader.exactlyOne(
                        "STREAM_NAME", "s", "STREAM_ARN", "arn:aws:kinesis:us-east-1:123456789012:stream/t"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("STREAM_NAME and STREAM_ARN are both set ('s', "
                        + "'arn:aws:kinesis:us-east-1:123456789012:stream/t'); set only one of them");
        assertThatThrownBy(() -> EnvReader.exactlyOne("STREAM_NAME", null, "STREAM_ARN", " "))
                .hasMessage("STREAM_NAME is required (or set STREAM_ARN)");
        assertThat(EnvReader.exactlyOne("STREAM_NAME", null, "STREAM_ARN", "a")).isEqualTo("STREAM_ARN");
    }
}
