package io.scanpipeline.core;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Region and endpoint overrides of the AWS services one process uses, and the way its SDK clients are built: the same
 * for AWS and for the local emulators, only the endpoint differs. The one place for these settings (the sink's former
 * {@code AwsEndpoints} is merged in here).
 *
 * <p>Variables, the ones the AWS SDKs and CLI read themselves: {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION},
 * else us-east-1; {@code AWS_ENDPOINT_URL} (a global override, local runs only) and {@code AWS_ENDPOINT_URL_<SERVICE>}
 * for each {@link Service} the process names, which wins over the global one; {@code S3_FORCE_PATH_STYLE} when the
 * process uses S3 (default: true when S3's endpoint is overridden, as local S3 servers need it, else false).
 *
 * <p>Synchronous clients use the URL-connection HTTP client (no Netty, small cold start) and the SDK's standard retry
 * mode; asynchronous ones (KCL's) take their endpoint from {@link #endpointFor(Service)}.
 *
 * @param region           the region
 * @param endpoint         the global endpoint override, for local runs only
 * @param serviceEndpoints service-specific overrides
 * @param s3PathStyle      path-style S3 requests
 */
public record AwsClients(
        Region region, Optional<URI> endpoint, Map<Service, URI> serviceEndpoints, boolean s3PathStyle) {

    /** The services whose endpoint may be overridden by {@code AWS_ENDPOINT_URL_<name>}. */
    public enum Service {
        S3,
        DYNAMODB,
        KINESIS,
        CLOUDWATCH,
        SECRETSMANAGER;

        /** {@code AWS_ENDPOINT_URL_<name>}. */
        public String variable() {
            return "AWS_ENDPOINT_URL_" + name();
        }
    }

    public AwsClients {
        if (region == null) {
            throw new IllegalArgumentException("region is required");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        serviceEndpoints = serviceEndpoints == null ? Map.of() : Map.copyOf(serviceEndpoints);
    }

    /** Settings with only a global endpoint override (or none); path-style S3 exactly when overridden. */
    public AwsClients(Region region, Optional<URI> endpoint) {
        this(region, endpoint, Map.of(), endpoint != null && endpoint.isPresent());
    }

    /** Settings for real AWS in the given region. */
    public static AwsClients of(Region region) {
        return new AwsClients(region, Optional.empty());
    }

    /** Settings for a local emulator at {@code endpoint}. */
    public static AwsClients local(URI endpoint) {
        return new AwsClients(Region.US_EAST_1, Optional.of(endpoint));
    }

    /**
     * Reads the region, the global endpoint override, and the overrides of the {@code services} this process uses
     * (and {@code S3_FORCE_PATH_STYLE} when S3 is one of them).
     */
    public static AwsClients fromEnv(Map<String, String> env, Service... services) {
        EnvReader read = new EnvReader(env);
        String region = read.string("AWS_REGION", null);
        if (region == null) {
            region = read.string("AWS_DEFAULT_REGION", "us-east-1");
        }
        Optional<URI> global = Optional.ofNullable(read.url("AWS_ENDPOINT_URL"));
        Map<Service, URI> overrides = new EnumMap<>(Service.class);
        boolean s3PathStyle = false;
        for (Service service : services) {
            URI uri = read.url(service.variable());
            if (uri != null) {
                overrides.put(service, uri);
            }
            if (service == Service.S3) {
                s3PathStyle = read.bool("S3_FORCE_PATH_STYLE", uri != null || global.isPresent());
            }
        }
        return new AwsClients(Region.of(region), global, overrides, s3PathStyle);
    }

    /** The endpoint override of {@code service}: its own, else the global one; empty means the real service. */
    public Optional<URI> endpointFor(Service service) {
        return Optional.ofNullable(serviceEndpoints.get(service)).or(this::endpoint);
    }

    /** Configures {@code builder} for {@code service} (region, endpoint, HTTP client, retries) and builds it. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Service service) {
        return build(builder, endpointFor(service));
    }

    /** Configures {@code builder} with this region and the global endpoint and builds the client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return build(builder, endpoint);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Optional<URI> endpointOverride) {
        builder.region(region)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
