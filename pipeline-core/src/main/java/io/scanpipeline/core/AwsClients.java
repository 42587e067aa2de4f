package io.scanpipeline.core;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients the same way for AWS and for the local emulators: only the endpoint differs.
 *
 * <p>Every client uses the URL-connection HTTP client (no Netty, small cold start) and the SDK's standard retry
 * mode. {@code AWS_ENDPOINT_URL} (or a service specific {@code AWS_ENDPOINT_URL_<SERVICE>}, e.g.
 * {@code AWS_ENDPOINT_URL_DYNAMODB}) points a client at a local emulator.
 *
 * @param region   the region; from {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1
 * @param endpoint a global endpoint override, for local runs only
 */
public record AwsClients(Region region, Optional<URI> endpoint) {

    public AwsClients {
        if (region == null) {
            throw new IllegalArgumentException("region is required");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
    }

    /** Settings for real AWS in the given region. */
    public static AwsClients of(Region region) {
        return new AwsClients(region, Optional.empty());
    }

    /** Settings for a local emulator at {@code endpoint}. */
    public static AwsClients local(URI endpoint) {
        return new AwsClients(Region.US_EAST_1, Optional.of(endpoint));
    }

    /** Reads AWS_REGION / AWS_DEFAULT_REGION and AWS_ENDPOINT_URL. */
    public static AwsClients fromEnv(Map<String, String> env) {
        String region = Optional.ofNullable(env.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")))
                .filter(s -> !s.isBlank())
                .orElse("us-east-1");
        return new AwsClients(Region.of(region), endpointFrom(env, "AWS_ENDPOINT_URL"));
    }

    /**
     * Configures {@code builder} and builds the client. {@code serviceEnvName} (e.g. "DYNAMODB", "S3") selects a
     * service-specific override {@code AWS_ENDPOINT_URL_<SERVICE>} from {@code env}, which wins over the global one.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Map<String, String> env, String serviceEnvName) {
        Optional<URI> serviceEndpoint = endpointFrom(env, "AWS_ENDPOINT_URL_" + serviceEnvName);
        return build(builder, serviceEndpoint.or(this::endpoint));
    }

    /** Configures {@code builder} with this region and endpoint and builds the client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return build(builder, endpoint);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Optional<URI> endpointOverride) {
        builder.region(region)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Optional<URI> endpointFrom(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "must be a URL such as http://127.0.0.1:4566, got '" + value + "'");
        }
    }
}
