package io.scanpipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class HecTokenSecretTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:hec-token-AbCdEf";

    /** Stands in for Secrets Manager: one secret, or none. */
    private static SecretsManagerClient secrets(String value) {
        return rotating(() -> value);
    }

    /** Stands in for Secrets Manager: a secret whose value can change (rotation). */
    private static SecretsManagerClient rotating(java.util.function.Supplier<String> current) {
        return new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
                String value = current.get();
                if (value == null || !request.secretId().equals(ARN)) {
                    throw ResourceNotFoundException.builder()
                            .message("Secrets Manager can't find the secret")
                            .build();
                }
                return GetSecretValueResponse.builder()
                        .arn(ARN)
                        .secretString(value)
                        .build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {}
        };
    }

    private static SinkConfig config(boolean withToken, String... extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STREAM_NAME",
                "s",
                "APPLICATION_NAME",
                "app",
                "DEAD_LETTER_BUCKET",
                "b",
                "HEC_URLS",
                "https://splunk:8088"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        if (withToken) {
            env.put("HEC_TOKEN", "11111111-2222-3333-4444-555555555555");
        } else {
            env.put("HEC_TOKEN_SECRET_ARN", ARN);
        }
        return SinkConfig.fromEnv(env);
    }

    @Test
    void tokenFromTheEnvironment_isKept_andSecretsManagerIsNotAsked() {
        SinkConfig config = config(true);
        assertThat(HecTokenSecret.resolve(config, secrets(null))).isSameAs(config);
    }

    @Test
    void plainSecret_becomesTheToken_andStaysOutOfToString() {
        SinkConfig resolved = HecTokenSecret.resolve(config(false), secrets("aaaa-bbbb-secret-token\n"));
        assertThat(resolved.hec().token()).isNotNull();
        assertThat(resolved.hec().token().toString()).doesNotContain("secret-token");
        assertThat(resolved.toString()).doesNotContain("aaaa-bbbb-secret-token");
    }

    @Test
    void jsonSecret_withATokenField_isAccepted() {
        SinkConfig resolved = HecTokenSecret.resolve(config(false), secrets("{\"token\":\"json-held-token\"}"));
        assertThat(resolved.hec().token()).isNotNull();
        assertThat(resolved.toString()).doesNotContain("json-held-token");
    }

    @Test
    void missingOrEmptySecrets_failNamingTheVariable_withoutEchoingTheValue() {
        assertThatThrownBy(() -> HecTokenSecret.resolve(config(false), secrets(null)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("HEC_TOKEN_SECRET_ARN"))
                .hasMessageContaining("could not be read");
        assertThatThrownBy(() -> HecTokenSecret.resolve(config(false), secrets("{\"other\":\"x-secret\"}")))
                .hasMessageContaining("without a \"token\" field")
                .hasMessageNotContaining("x-secret");
    }

    @Test
    void jsonSecret_withTheFieldNamedByHecTokenSecretKey_isAccepted_andAMissingFieldNamesTheKey() {
        SinkConfig config = config(false, "HEC_TOKEN_SECRET_KEY", "splunkHecToken");
        SinkConfig resolved =
                HecTokenSecret.resolve(config, secrets("{\"username\":\"x\",\"splunkHecToken\":\"keyed-token-1\"}"));
        assertThat(resolved.hec().token()).isEqualTo(io.scanpipeline.sink.hec.HecToken.of("T", "keyed-token-1"));
        assertThatThrownBy(() -> HecTokenSecret.resolve(config, secrets("{\"token\":\"other-secret\"}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("HEC_TOKEN_SECRET_KEY"))
                .hasMessageContaining("splunkHecToken")
                .hasMessageNotContaining("other-secret");
    }

    @Test
    void source_readsTheSecretAgainOnEveryCall_soARotatedValueIsSeen() {
        java.util.concurrent.atomic.AtomicReference<String> value =
                new java.util.concurrent.atomic.AtomicReference<>("first-token");
        io.scanpipeline.sink.hec.HecTokenSource source =
                HecTokenSecret.source(config(false).hec(), rotating(value::get));
        assertThat(source.read()).isEqualTo(io.scanpipeline.sink.hec.HecToken.of("T", "first-token"));
        value.set("{\"token\":\"rotated-token\"}");
        assertThat(source.read()).isEqualTo(io.scanpipeline.sink.hec.HecToken.of("T", "rotated-token"));
    }
}
