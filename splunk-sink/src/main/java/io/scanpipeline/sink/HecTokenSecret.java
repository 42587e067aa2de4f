package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.Json;
import io.scanpipeline.sink.hec.HecToken;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the HEC token from AWS Secrets Manager when the environment names it by {@code HEC_TOKEN_SECRET_ARN}
 * instead of giving {@code HEC_TOKEN}. The secret is either the token itself or a JSON object with a {@code token}
 * (or {@code HEC_TOKEN}) field. Read once at start; the token never appears in logs or messages.
 */
public final class HecTokenSecret {

    private HecTokenSecret() {
    }

    /** A Secrets Manager client in the sink's region (URL-connection HTTP client). */
    static SecretsManagerClient client(AwsEndpoints aws) {
        return SecretsManagerClient.builder().region(aws.region()).httpClient(UrlConnectionHttpClient.create()).build();
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
        String arn = config.hec().tokenSecretArn();
        String secret;
        try {
            secret = secrets.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new ConfigException("HEC_TOKEN_SECRET_ARN", "could not be read from Secrets Manager ("
                    + e.getClass().getSimpleName() + ")");
        }
        return config.withHec(config.hec().withToken(HecToken.of("HEC_TOKEN_SECRET_ARN", tokenFrom(secret))));
    }

    private static String tokenFrom(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("HEC_TOKEN_SECRET_ARN", "names a secret without a string value");
        }
        String trimmed = secret.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        try {
            JsonNode json = Json.mapper().readTree(trimmed);
            JsonNode token = json.hasNonNull("token") ? json.get("token") : json.get("HEC_TOKEN");
            if (token == null || !token.isTextual() || token.asText().isBlank()) {
                throw new ConfigException("HEC_TOKEN_SECRET_ARN", "names a JSON secret without a \"token\" field");
            }
            return token.asText().strip();
        } catch (IOException e) {
            throw new ConfigException("HEC_TOKEN_SECRET_ARN", "names a secret that starts like JSON but is not");
        }
    }
}
