package io.scanpipeline.local.emulator.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the {@code aws-chunked} content encoding of the AWS SDKs' streaming uploads.
 *
 * <p>The encoded body is a sequence of chunks {@code <hex-size>[;chunk-signature=<sig>]\r\n<bytes>\r\n}, ended by a
 * chunk of size zero, optionally followed by trailing headers such as {@code x-amz-checksum-crc32:<base64>} and
 * {@code x-amz-trailer-signature:<sig>}, and an empty line. Signatures are ignored. The trailers are available from
 * {@link #trailers()} once the stream returned end of file.
 */
final class AwsChunkedInputStream extends InputStream {

    private static final int MAX_LINE = 16 * 1024;

    private final InputStream in;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private long remainingInChunk;
    private boolean finished;

    AwsChunkedInputStream(InputStream encoded) {
        this.in = encoded instanceof BufferedInputStream ? encoded : new BufferedInputStream(encoded, 64 * 1024);
    }

    /** Whether the request headers say the body is aws-chunked encoded. */
    static boolean isAwsChunked(String contentEncoding, String contentSha256) {
        if (contentSha256 != null && contentSha256.startsWith("STREAMING-")) {
            return true;
        }
        if (contentEncoding == null) {
            return false;
        }
        for (String part : contentEncoding.split(",")) {
            if (part.trim().equalsIgnoreCase("aws-chunked")) {
                return true;
            }
        }
        return false;
    }

    /** The trailing headers, with lower-case names; complete only after end of stream was reached. */
    Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        if (remainingInChunk == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remainingInChunk));
        if (n < 0) {
            throw malformed("the body ended inside a chunk");
        }
        remainingInChunk -= n;
        if (remainingInChunk == 0) {
            expectLineEnd();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean nextChunk() throws IOException {
        String header = readLine();
        if (header == null) {
            throw malformed("the body ended before the final chunk");
        }
        int semicolon = header.indexOf(';');
        String hex = (semicolon >= 0 ? header.substring(0, semicolon) : header).trim();
        long size;
        try {
            size = Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            throw malformed("invalid chunk size '" + hex + "'");
        }
        if (size < 0) {
            throw malformed("chunk size too large");
        }
        if (size == 0) {
            readTrailers();
            finished = true;
            return false;
        }
        remainingInChunk = size;
        return true;
    }

    private void readTrailers() throws IOException {
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("invalid trailing header");
            }
            trailers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
    }

    private void expectLineEnd() throws IOException {
        int cr = in.read();
        int lf = cr == '\r' ? in.read() : cr;
        if (lf != '\n') {
            throw malformed("a chunk is not followed by CRLF");
        }
    }

    /** Reads one line without its CRLF (or LF); null at end of stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(96);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw malformed("a chunk header line is too long");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(400, "IncompleteBody", "Malformed aws-chunked body: " + why);
    }
}
