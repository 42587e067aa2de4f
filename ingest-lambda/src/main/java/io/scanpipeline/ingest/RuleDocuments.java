package io.scanpipeline.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fetches the ingest rules document named by {@code INGEST_RULES_S3_URI} at cold start. Rules live in S3 rather
 * than in an environment variable because Lambda allows 4 KB for all of a function's variables together, and the
 * sample rules alone are 3 KB.
 */
@FunctionalInterface
public interface RuleDocuments {

    /** A source that cannot fetch anything: for configurations that name no rules location. */
    RuleDocuments NONE = location -> {
        throw new IOException("no S3 client to read " + location + " with");
    };

    /** The document's text. */
    String read(Location location) throws IOException;

    /**
     * Where a rules document is: {@code s3://bucket/key}, optionally {@code ?versionId=v} to pin one version.
     *
     * @param bucket    bucket
     * @param key       object key (not URL-encoded)
     * @param versionId a pinned version, when given
     */
    record Location(String bucket, String key, Optional<String> versionId) {

        /** Parses {@code s3://bucket/key[?versionId=v]}. */
        public static Location parse(String text) {
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("must be s3://bucket/key, got '" + text + "'");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || path.length() <= 1) {
                throw new IllegalArgumentException("must be s3://bucket/key, got '" + text + "'");
            }
            Optional<String> version = Optional.empty();
            if (uri.getQuery() != null) {
                if (!uri.getQuery().startsWith("versionId=") || uri.getQuery().length() == "versionId=".length()) {
                    throw new IllegalArgumentException("may only carry ?versionId=<version>, got '" + text + "'");
                }
                version = Optional.of(uri.getQuery().substring("versionId=".length()));
            }
            return new Location(uri.getHost(), path.substring(1), version);
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key
                    + versionId.map(v -> "?versionId=" + v).orElse("");
        }
    }

    /** Reads rules documents with GetObject. */
    static RuleDocuments s3(S3Client s3) {
        return location -> {
            try {
                return s3.getObjectAsBytes(r -> {
                            r.bucket(location.bucket()).key(location.key());
                            location.versionId().ifPresent(r::versionId);
                        })
                        .asUtf8String();
            } catch (SdkException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
