package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Streams an upload body to a file, decoding {@code aws-chunked} when the client used it, and verifies the sizes
 * and digests the client declared (x-amz-decoded-content-length, Content-MD5, x-amz-checksum-* headers or
 * trailers). Plain, Content-Length and Transfer-Encoding: chunked bodies are already de-framed by the HTTP server.
 */
final class BodyReceiver {

    private static final int BUFFER = 128 * 1024;

    private BodyReceiver() {}

    /** Writes the body of {@code request} to {@code target}; deletes the file again when anything fails. */
    static ReceivedBody receive(S3Exchange request, Path target) throws IOException {
        boolean chunked = AwsChunkedInputStream.isAwsChunked(
                request.header("Content-Encoding"), request.header("x-amz-content-sha256"));
        InputStream in = request.rawBody();
        AwsChunkedInputStream decoder = chunked ? new AwsChunkedInputStream(in) : null;
        if (decoder != null) {
            in = decoder;
        }
        ChecksumAlgorithm algorithm = null;
        String trailer = request.header("x-amz-trailer");
        if (trailer != null) {
            algorithm = ChecksumAlgorithm.fromHeaderName(trailer);
        }
        String declared = null;
        if (algorithm == null) {
            for (ChecksumAlgorithm candidate : ChecksumAlgorithm.values()) {
                String value = request.header(candidate.headerName());
                if (value != null) {
                    algorithm = candidate;
                    declared = value.trim();
                    break;
                }
            }
        }
        MessageDigest md5 = md5();
        ChecksumAlgorithm.Computation checksum = algorithm == null ? null : algorithm.start();
        long size = 0;
        boolean ok = false;
        try {
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    md5.update(buffer, 0, n);
                    if (checksum != null) {
                        checksum.update(buffer, 0, n);
                    }
                    size += n;
                }
            }
            if (decoder != null) {
                checkDecodedLength(request.header("x-amz-decoded-content-length"), size);
                if (algorithm != null && trailer != null) {
                    declared = trailerValue(decoder.trailers(), algorithm);
                }
            }
            byte[] digest = md5.digest();
            checkContentMd5(request.header("Content-MD5"), digest);
            String computed = checksum == null ? null : checksum.base64();
            if (declared != null && !declared.equals(computed)) {
                throw S3Exception.badDigest(
                        "The " + algorithm + " you specified did not match the calculated " + "checksum.");
            }
            ok = true;
            return new ReceivedBody(
                    target, size, digest, declared == null ? null : algorithm, declared == null ? null : computed);
        } finally {
            if (!ok) {
                Files.deleteIfExists(target);
            }
        }
    }

    private static String trailerValue(Map<String, String> trailers, ChecksumAlgorithm algorithm) {
        return trailers.get(algorithm.headerName());
    }

    private static void checkDecodedLength(String declared, long actual) {
        if (declared == null) {
            return;
        }
        long expected;
        try {
            expected = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument(
                    "Invalid x-amz-decoded-content-length", "x-amz-decoded-content-length", declared);
        }
        if (expected != actual) {
            throw new S3Exception(
                    400,
                    "IncompleteBody",
                    "You did not provide the number of bytes specified by the Content-Length HTTP header");
        }
    }

    private static void checkContentMd5(String header, byte[] digest) {
        if (header == null) {
            return;
        }
        byte[] declared;
        try {
            declared = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            declared = new byte[0];
        }
        if (declared.length != 16) {
            throw new S3Exception(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
        }
        if (!MessageDigest.isEqual(declared, digest)) {
            throw S3Exception.badDigest("The Content-MD5 you specified did not match what we received.");
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
