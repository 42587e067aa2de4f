package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Shared helpers of the LocalS3Server tests. */
final class S3TestSupport {

    private S3TestSupport() {}

    /** A default-configured SDK client (default checksums, i.e. aws-chunked uploads) for the server. */
    static S3Client client(LocalS3Server server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A client that only sends checksums when an operation requires them (plain Content-Length uploads). */
    static S3Client clientWithoutDefaultChecksums(LocalS3Server server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static URI uri(LocalS3Server server, String rawPathAndQuery) {
        return URI.create(server.endpoint() + rawPathAndQuery);
    }

    /** Hex SHA-256 of everything {@code in} yields; closes it. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deterministic pseudo-random byte stream (xorshift64) of a given length; never holds the bytes. */
    static final class GeneratedStream extends InputStream {
        private final long length;
        private long state;
        private long position;

        GeneratedStream(long seed, long length) {
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
            this.length = length;
        }

        @Override
        public int read() {
            if (position >= length) {
                return -1;
            }
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            position++;
            return (int) (state & 0xFF);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            position += n;
            return n;
        }
    }
}
