package io.scanpipeline.local.emulator.s3;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generators of the opaque identifiers the server hands out. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    /** A 32-character URL-safe version id (24 random bytes). */
    static String versionId() {
        return URL_SAFE.encodeToString(randomBytes(24));
    }

    /** A 64-character URL-safe multipart upload id. */
    static String uploadId() {
        return URL_SAFE.encodeToString(randomBytes(48));
    }

    /** A 32-character file-name-safe storage id (lowercase hex). */
    static String storageId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    /** A 16-character upper-case hex request id, as S3's x-amz-request-id. */
    static String requestId() {
        return HexFormat.of().withUpperCase().formatHex(randomBytes(8));
    }

    /** A base64 host id, as S3's x-amz-id-2. */
    static String hostId() {
        return Base64.getEncoder().encodeToString(randomBytes(48));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
