package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.Json;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.hec.HecToken;
import io.scanpipeline.sink.hec.HecTokenSource;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the HEC token from AWS Secrets Manager when the environment names it by {@code HEC_TOKEN_SECRET_ARN}
 * instead of giving {@code HEC_TOKEN}. The secret is either the token itself or a JSON object whose field
 * {@code HEC_TOKEN_SECRET_KEY} (default: {@code token}, else {@code HEC_TOKEN}) holds it. Read at start and, through
 * {@link #source}, again whenever HEC refuses the token, so a rotated secret is used without a redeploy. The token
 * never appears in logs or messages.
 */
public final class HecTokenSecret {

    private HecTokenSecret() {}

    /** A Secrets Manager client in the sink's region (URL-connection HTTP client). */
    public static SecretsManagerClient client(io.scanpipeline.core.AwsClients aws) {
        return SecretsManagerClient.builder()
                .region(aws.region())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Returns {@code config} with the token resolved; unchanged when {@code HEC_TOKEN} was given.
     *
     * @throws ConfigException naming HEC_TOKEN_SECRET_ARN when the secret cannot be read or holds no token
     */
    public static SinkConfig resolve(SinkConfig config, SecretsManagerClient secrets) {
        if (config.hec().token() != null || config.hec().tokenSecretArn() == null) {
            return config;
        }
        return config.withHec(config.hec().withToken(read(config.hec(), secrets)));
    }

    /**
     * Where the HEC client gets its token: fixed when {@code HEC_TOKEN} was given, else the secret, read again on
     * every call (the client calls it after HEC refused the token).
     */
    public static HecTokenSource source(HecConfig hec, SecretsManagerClient secrets) {
        if (hec.tokenSecretArn() == null || hec.tokenSecretArn().isBlank()) {
            return HecTokenSource.fixed(hec.token());
        }
        return () -> read(hec, secrets);
    }

    private static HecToken read(HecConfig hec, SecretsManagerClient secrets) {
        String arn = hec.tokenSecretArn();
        String secret;
        try {
            secret = secrets.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new ConfigException(
                    "HEC_TOKEN_SECRET_ARN",
                    "could not be read from Secrets Manager (" + e.getClass().getSimpleName() + ")");
        }
        return HecToken.of("HEC_TOKEN_SECRET_ARN", tokenFrom(secret, hec.tokenSecretKey()));
    }

    private static String tokenFrom(String secret, String key) {
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("HEC_TOKEN_SECRET_ARN", "names a secret without a string value");
        }
        String trimmed = secret.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        try {
            JsonNode json = Json.mapper().readTree(trimmed);
            JsonNode token =
                    key != null ? json.get(key) : json.hasNonNull("token") ? json.get("token") : json.get("HEC_TOKEN");
            if (token == null || !token.isTextual() || token.asText().isBlank()) {
                throw key != null
                        ? new ConfigException(
                                "HEC_TOKEN_SECRET_KEY",
                                "names the field \"" + key + "\", which the "
                                        + "JSON secret of HEC_TOKEN_SECRET_ARN does not hold as text")
                        : new ConfigException(
                                "HEC_TOKEN_SECRET_ARN",
                                "names a JSON secret without a \"token\" field "
                                        + "(set HEC_TOKEN_SECRET_KEY to the field that holds it)");
            }
            return token.asText().strip();
        } catch (IOException e) {
            throw new ConfigException("HEC_TOKEN_SECRET_ARN", "names a secret that starts like JSON but is not");
        }
    }
}
