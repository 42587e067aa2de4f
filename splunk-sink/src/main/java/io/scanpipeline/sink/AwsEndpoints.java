package io.scanpipeline.sink;

import io.scanpipeline.core.ConfigException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * Region and endpoint overrides of the AWS services the sink uses. An override comes from
 * {@code AWS_ENDPOINT_URL_<SERVICE>} ({@code KINESIS}, {@code DYNAMODB}, {@code CLOUDWATCH}, {@code S3}) or else the
 * global {@code AWS_ENDPOINT_URL}, the same variables the AWS SDKs and CLI read; null means the real service.
 *
 * @param region      {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1
 * @param kinesis     Kinesis endpoint override, or null
 * @param dynamoDb    DynamoDB endpoint override (lease table), or null
 * @param cloudWatch  CloudWatch endpoint override (KCL metrics), or null
 * @param s3          S3 endpoint override (dead letters), or null
 * @param s3PathStyle {@code S3_FORCE_PATH_STYLE}: path-style S3 requests (default true when {@code s3} is overridden,
 *                    as local S3 servers need it, else false)
 */
public record AwsEndpoints(Region region, URI kinesis, URI dynamoDb, URI cloudWatch, URI s3, boolean s3PathStyle) {

    /** Reads the variables named above from {@code env}. */
    public static AwsEndpoints fromEnv(Map<String, String> env) {
        String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        URI global = uri(env, "AWS_ENDPOINT_URL");
        URI s3 = orElse(uri(env, "AWS_ENDPOINT_URL_S3"), global);
        String pathStyle = env.get("S3_FORCE_PATH_STYLE");
        boolean s3PathStyle;
        if (pathStyle == null || pathStyle.isBlank()) {
            s3PathStyle = s3 != null;
        } else if (pathStyle.trim().equalsIgnoreCase("true") || pathStyle.trim().equalsIgnoreCase("false")) {
            s3PathStyle = Boolean.parseBoolean(pathStyle.trim());
        } else {
            throw new ConfigException("S3_FORCE_PATH_STYLE", "must be true or false, was '" + pathStyle + "'");
        }
        return new AwsEndpoints(Region.of(region == null ? "us-east-1" : region),
                orElse(uri(env, "AWS_ENDPOINT_URL_KINESIS"), global),
                orElse(uri(env, "AWS_ENDPOINT_URL_DYNAMODB"), global),
                orElse(uri(env, "AWS_ENDPOINT_URL_CLOUDWATCH"), global), s3, s3PathStyle);
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static URI orElse(URI value, URI fallback) {
        return value != null ? value : fallback;
    }

    private static URI uri(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "must be a URL such as http://127.0.0.1:4566, got '" + value + "'");
        }
    }
}
