package io.scanpipeline.sink.hec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.sink.HecEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HecConfigTest {

    private static final String SECRET = "0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("HEC_URLS", "https://splunk:8088");
        env.put("HEC_TOKEN", SECRET);
        return env;
    }

    @Test
    void minimalEnvironment_getsTheDocumentedDefaults() {
        HecConfig config = HecEnvironment.fromEnv(minimal());
        assertThat(config.urls()).containsExactly(URI.create("https://splunk:8088"));
        assertThat(config.ack()).isFalse();
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(config.ackPollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.sourcetype()).isEqualTo("scan:finding");
        assertThat(config.index()).isNull();
        assertThat(config.gzip()).isTrue();
        assertThat(config.batchMaxEvents()).isEqualTo(500);
        assertThat(config.batchMaxBytes()).isEqualTo(800_000);
        assertThat(config.maxInFlightBytes()).isEqualTo(64 * 1024 * 1024);
        assertThat(config.allowPlaintext()).isFalse();
        assertThat(config.maxInFlightEvents()).isEqualTo(10_000);
        assertThat(config.retryDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(config.insecureTls()).isFalse();
        assertThat(config.channels()).isEqualTo(2);
        assertThat(config.endpoint()).isEqualTo(HecConfig.EndpointKind.EVENT);
    }

    @Test
    void withAcks_theInFlightBoundDefaultsHigher_becauseEventsWaitForTheAckPoll() {
        Map<String, String> env = minimal();
        env.put("HEC_ACK", "true");

        assertThat(HecEnvironment.fromEnv(env).maxInFlightEvents()).isEqualTo(50_000);
        env.put("HEC_MAX_IN_FLIGHT_EVENTS", "20000");
        assertThat(HecEnvironment.fromEnv(env).maxInFlightEvents()).isEqualTo(20_000);
    }

    @Test
    void everyVariable_isRead() {
        Map<String, String> env = minimal();
        env.put("HEC_URLS", "https://a:8088/, http://b:8088");
        env.putAll(Map.of(
                "HEC_ALLOW_PLAINTEXT",
                "true",
                "HEC_MAX_IN_FLIGHT_BYTES",
                "131072",
                "HEC_TOKEN_SECRET_KEY",
                "hecToken"));
        env.putAll(Map.of(
                "HEC_ACK",
                "TRUE",
                "HEC_ACK_TIMEOUT",
                "PT5M",
                "HEC_ACK_POLL_INTERVAL",
                "250ms",
                "HEC_SOURCETYPE",
                "scan:x",
                "HEC_INDEX",
                "security",
                "HEC_SOURCE",
                "pipeline",
                "HEC_HOST",
                "sink-1",
                "HEC_GZIP",
                "false",
                "HEC_BATCH_MAX_EVENTS",
                "100",
                "HEC_BATCH_MAX_BYTES",
                "65536"));
        env.putAll(Map.of(
                "HEC_MAX_IN_FLIGHT_EVENTS",
                "400",
                "HEC_REQUEST_TIMEOUT",
                "5s",
                "HEC_RETRY_BASE",
                "2s",
                "HEC_RETRY_MAX",
                "2m",
                "HEC_RETRY_DURATION",
                "forever",
                "HEC_INSECURE_TLS",
                "true",
                "HEC_CHANNELS",
                "4",
                "HEC_HEALTH_CHECK_INTERVAL",
                "1h",
                "HEC_ENDPOINT",
                "raw"));
        HecConfig config = HecEnvironment.fromEnv(env);
        assertThat(config.urls()).containsExactly(URI.create("https://a:8088"), URI.create("http://b:8088"));
        assertThat(config.ack()).isTrue();
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.ackPollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(List.of(config.sourcetype(), config.index(), config.source(), config.host()))
                .containsExactly("scan:x", "security", "pipeline", "sink-1");
        assertThat(config.gzip()).isFalse();
        assertThat(config.batchMaxEvents()).isEqualTo(100);
        assertThat(config.batchMaxBytes()).isEqualTo(65_536);
        assertThat(config.maxInFlightEvents()).isEqualTo(400);
        assertThat(config.maxInFlightBytes()).isEqualTo(131_072);
        assertThat(config.tokenSecretKey()).isEqualTo("hecToken");
        assertThat(config.allowPlaintext()).isTrue();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retryBase()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.retryMax()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.retryDuration()).isEqualTo(HecConfig.RETRY_FOREVER);
        assertThat(config.insecureTls()).isTrue();
        assertThat(config.channels()).isEqualTo(4);
        assertThat(config.healthCheckInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.endpoint()).isEqualTo(HecConfig.EndpointKind.RAW);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HEC_URLS|''",
                "HEC_URLS|ftp://splunk:21",
                "HEC_URLS|https://splunk:8088/services/collector",
                "HEC_URLS|https://splunk:8088?x=1",
                "HEC_ACK|yes",
                "HEC_ACK_TIMEOUT|0s",
                "HEC_ACK_POLL_INTERVAL|soon",
                "HEC_GZIP|1",
                "HEC_BATCH_MAX_EVENTS|0",
                "HEC_BATCH_MAX_BYTES|many",
                "HEC_MAX_IN_FLIGHT_EVENTS|499",
                "HEC_REQUEST_TIMEOUT|-1s",
                "HEC_RETRY_BASE|0ms",
                "HEC_RETRY_MAX|0ms",
                "HEC_RETRY_DURATION|sometimes",
                "HEC_INSECURE_TLS|maybe",
                "HEC_CHANNELS|0",
                "HEC_CHANNELS|65",
                "HEC_HEALTH_CHECK_INTERVAL|P",
                "HEC_ENDPOINT|metrics",
            })
    void invalidValue_isRejectedWithTheVariableNamed(String variable, String value) {
        Map<String, String> env = minimal();
        env.put(variable, value);
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo(variable))
                .hasMessageStartingWith(variable + " ");
    }

    @Test
    void retryMaxShorterThanRetryBase_isRejected() {
        Map<String, String> env = minimal();
        env.put("HEC_RETRY_BASE", "10s");
        env.put("HEC_RETRY_MAX", "1s");
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env)).hasMessageStartingWith("HEC_RETRY_MAX ");
    }

    @Test
    void missingToken_isRejected_unlessASecretArnIsGiven() {
        Map<String, String> env = minimal();
        env.remove("HEC_TOKEN");
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env)).hasMessageStartingWith("HEC_TOKEN is required");
        env.put("HEC_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hec");
        HecConfig unresolved = HecEnvironment.fromEnv(env);
        assertThat(unresolved.token()).isNull();
        assertThat(unresolved
                        .withToken(HecToken.of("HEC_TOKEN", SECRET))
                        .token()
                        .value())
                .isEqualTo(SECRET);
        assertThatThrownBy(() -> HecClient.create(unresolved)).hasMessageStartingWith("HEC_TOKEN ");
    }

    @Test
    void token_neverAppearsInToString() {
        HecConfig config = HecEnvironment.fromEnv(minimal());
        assertThat(config.toString()).doesNotContain(SECRET).contains("token=****");
        assertThat(config.token().toString()).isEqualTo("****");
    }

    @Test
    void invalidToken_isRejectedWithoutShowingIt() {
        Map<String, String> env = minimal();
        env.put("HEC_TOKEN", "abc def" + SECRET);
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env))
                .hasMessageStartingWith("HEC_TOKEN ")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("abc"));
    }

    @Test
    void tokenWithATrailingNewline_isTrimmed() {
        Map<String, String> env = minimal();
        env.put("HEC_TOKEN", SECRET + "\n");
        assertThat(HecEnvironment.fromEnv(env).token().value()).isEqualTo(SECRET);
    }

    @Test
    void urlWithCredentials_isRejectedWithoutShowingThem() {
        Map<String, String> env = minimal();
        env.put("HEC_URLS", "https://admin:" + SECRET + "@splunk:8088");
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env))
                .hasMessageStartingWith("HEC_URLS ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void redact_masksTheTokenInAnyText() {
        HecToken token = HecToken.of("HEC_TOKEN", SECRET);
        assertThat(token.redact("Authorization: Splunk " + SECRET + " refused"))
                .isEqualTo("Authorization: Splunk **** refused");
    }

    @Test
    void clearTextUrlToAnotherHost_isRefused_namingHecUrlsAndTheOptIn() {
        Map<String, String> env = minimal();
        env.put("HEC_URLS", "https://a:8088,http://splunk.example.com:8088");
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HEC_URLS")
                .hasMessageContaining("http://splunk.example.com:8088")
                .hasMessageContaining("HEC_ALLOW_PLAINTEXT=true");
        env.put("HEC_ALLOW_PLAINTEXT", "true");
        assertThat(HecEnvironment.fromEnv(env).urls()).hasSize(2);
    }

    @Test
    void clearTextUrlToLoopback_isAccepted() {
        Map<String, String> env = minimal();
        env.put("HEC_URLS", "http://127.0.0.1:8088,http://localhost:8089,http://[::1]:8090");
        assertThat(HecEnvironment.fromEnv(env).urls()).hasSize(3);
    }

    @Test
    void inFlightBytesBelowTheBatchSize_isRefused_namingTheVariable() {
        Map<String, String> env = minimal();
        env.put("HEC_MAX_IN_FLIGHT_BYTES", "1000");
        assertThatThrownBy(() -> HecEnvironment.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HEC_MAX_IN_FLIGHT_BYTES")
                .hasMessageContaining("HEC_BATCH_MAX_BYTES");
    }
}
