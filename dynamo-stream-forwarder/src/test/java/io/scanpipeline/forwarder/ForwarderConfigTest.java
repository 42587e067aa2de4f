package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ChangeEnvelope.EventName;
import io.scanpipeline.core.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwarderConfigTest {

    @Test
    void onlyAStreamName_givesTheDocumentedDefaults() {
        ForwarderConfig config = ForwarderConfig.fromEnv(Map.of("STREAM_NAME", "changes"));

        assertThat(config).isEqualTo(ForwarderConfig.defaults("changes"));
        assertThat(config.includeRemove()).isTrue();
        assertThat(config.forwardedEventNames()).containsExactlyInAnyOrder(EventName.values());
        assertThat(config.maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(config.retryBaseBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.deadlineSafetyMargin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.hasQuarantine()).isFalse();
        assertThat(config.attributeFilter()).isNull();
    }

    @Test
    void everyVariable_isRead() {
        Map<String, String> env = Map.of(
                "STREAM_ARN", "arn:aws:kinesis:eu-west-1:123456789012:stream/employee-changes",
                "INCLUDE_REMOVE", "FALSE",
                "EVENT_NAMES", " insert , REMOVE ",
                "FILTER_ATTRIBUTE", "dept=a=b",
                "MAX_RECORD_BYTES", "500000",
                "RETRY_BASE_BACKOFF", "250ms",
                "RETRY_MAX_BACKOFF", "PT2.5S",
                "DEADLINE_SAFETY_MARGIN", "3s",
                "QUARANTINE_BUCKET", "quarantine-bucket",
                "QUARANTINE_PREFIX", "q/");

        ForwarderConfig config = ForwarderConfig.fromEnv(env);

        assertThat(config.streamName()).isNull();
        assertThat(config.streamLabel()).isEqualTo("employee-changes");
        assertThat(config.eventNames()).containsExactlyInAnyOrder(EventName.INSERT, EventName.REMOVE);
        assertThat(config.forwardedEventNames()).containsExactly(EventName.INSERT);
        assertThat(config.attributeFilter()).isEqualTo(new AttributeFilter("dept", "a=b"));
        assertThat(config.maxRecordBytes()).isEqualTo(500_000);
        assertThat(config.retryBaseBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.deadlineSafetyMargin()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.quarantineBucket()).isEqualTo("quarantine-bucket");
        assertThat(config.quarantinePrefix()).isEqualTo("q/");
    }

    @Test
    void streamNameAndArnBothSet_isRefusedNamingBoth_asTheSinkDoes() {
        assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of(
                        "STREAM_NAME",
                        "findings",
                        "STREAM_ARN",
                        "arn:aws:kinesis:eu-west-1:123456789012:stream/findings-prod")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("STREAM_NAME and STREAM_ARN are both set ('findings', "
                        + "'arn:aws:kinesis:eu-west-1:123456789012:stream/findings-prod'); set only one of them");
    }

    @Test
    void durations_takeTheProjectsOneGrammar() {
        // before: minutes and hours were refused here though the sink took them
        ForwarderConfig units = ForwarderConfig.fromEnv(Map.of(
                "STREAM_NAME",
                "s",
                "RETRY_BASE_BACKOFF",
                "100ms",
                "RETRY_MAX_BACKOFF",
                "1m",
                "DEADLINE_SAFETY_MARGIN",
                "0"));
        assertThat(units.retryBaseBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(units.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(units.deadlineSafetyMargin()).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of("STREAM_NAME", "s", "RETRY_BASE_BACKOFF", "100")))
                .hasMessageStartingWith("RETRY_BASE_BACKOFF needs a unit (ms, s, m or h)");
    }

    @Test
    void invalidSettings_nameTheirVariable() {
        assertVariableRejected(Map.of(), "STREAM_NAME");
        assertVariableRejected(Map.of("STREAM_NAME", "a", "STREAM_ARN", "arn:aws:kinesis:r:1:stream/a"), "STREAM_NAME");
        assertVariableRejected(Map.of("STREAM_NAME", "has space"), "STREAM_NAME");
        assertVariableRejected(Map.of("STREAM_ARN", "arn:aws:sqs:us-east-1:1:queue"), "STREAM_ARN");
        assertVariableRejected(withStream("INCLUDE_REMOVE", "yes"), "INCLUDE_REMOVE");
        assertVariableRejected(withStream("EVENT_NAMES", "INSERT,UPSERT"), "EVENT_NAMES");
        assertVariableRejected(withStream("EVENT_NAMES", " , "), "EVENT_NAMES");
        assertVariableRejected(withStream("FILTER_ATTRIBUTE", "dept"), "FILTER_ATTRIBUTE");
        assertVariableRejected(withStream("MAX_RECORD_BYTES", "1048577"), "MAX_RECORD_BYTES");
        assertVariableRejected(withStream("MAX_RECORD_BYTES", "1MB"), "MAX_RECORD_BYTES");
        assertVariableRejected(withStream("RETRY_BASE_BACKOFF", "0ms"), "RETRY_BASE_BACKOFF");
        assertVariableRejected(withStream("RETRY_BASE_BACKOFF", "soon"), "RETRY_BASE_BACKOFF");
        assertVariableRejected(withStream("RETRY_MAX_BACKOFF", "50ms"), "RETRY_MAX_BACKOFF");
        assertVariableRejected(withStream("DEADLINE_SAFETY_MARGIN", "-PT1S"), "DEADLINE_SAFETY_MARGIN");
    }

    private static Map<String, String> withStream(String name, String value) {
        Map<String, String> env = new HashMap<>();
        env.put("STREAM_NAME", "changes");
        env.put(name, value);
        return env;
    }

    private static void assertVariableRejected(Map<String, String> env, String variable) {
        assertThatThrownBy(() -> ForwarderConfig.fromEnv(env))
                .as("%s", env)
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo(variable));
    }
}
