package io.scanpipeline.local.emulator.s3;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request as S3 sees it (method, bucket, key, query parameters, headers) plus the ways to answer it.
 *
 * <p>Only path-style addressing is understood: {@code /bucket/key...}. The path is percent-decoded as UTF-8 with
 * '+' kept as '+'; query parameters are form-decoded.
 */
final class S3Exchange {

    private final HttpExchange exchange;
    private final String requestId;
    private final String method;
    private final String bucket;
    private final String key;
    private final Map<String, String> query;

    private S3Exchange(HttpExchange exchange, String requestId, String bucket, String key, Map<String, String> query) {
        this.exchange = exchange;
        this.requestId = requestId;
        this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        this.bucket = bucket;
        this.key = key;
        this.query = query;
    }

    /** Parses the request line of {@code exchange}; sets the request-id headers on the response. */
    static S3Exchange parse(HttpExchange exchange, String requestId) {
        Headers out = exchange.getResponseHeaders();
        out.set("x-amz-request-id", requestId);
        out.set("x-amz-id-2", Ids.hostId());
        out.set("Server", "LocalS3");
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath == null || rawPath.isEmpty()) {
            rawPath = "/";
        }
        String bucket = null;
        String key = null;
        String rest = rawPath.substring(1);
        if (!rest.isEmpty()) {
            int slash = rest.indexOf('/');
            bucket = S3Text.percentDecode(slash < 0 ? rest : rest.substring(0, slash), false);
            if (slash >= 0 && slash + 1 < rest.length()) {
                key = S3Text.percentDecode(rest.substring(slash + 1), false);
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = S3Text.percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : S3Text.percentDecode(pair.substring(eq + 1), true);
                query.putIfAbsent(name, value);
            }
        }
        return new S3Exchange(exchange, requestId, bucket, key, Collections.unmodifiableMap(query));
    }

    String requestId() {
        return requestId;
    }

    String method() {
        return method;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /** The bucket name, or null for the service root. */
    String bucket() {
        return bucket;
    }

    /** The object key, or null for a bucket-level request. */
    String key() {
        return key;
    }

    /** The S3 resource path for error documents, e.g. {@code /bucket/key}. */
    String resource() {
        return bucket == null ? "/" : "/" + bucket + (key == null ? "" : "/" + key);
    }

    Map<String, String> query() {
        return query;
    }

    boolean hasQuery(String name) {
        return query.containsKey(name);
    }

    /** The query parameter's value, null when absent. */
    String query(String name) {
        return query.get(name);
    }

    /** The first value of a request header (names are case-insensitive), or null. */
    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    Headers requestHeaders() {
        return exchange.getRequestHeaders();
    }

    /** The request body as sent, before any aws-chunked decoding. */
    InputStream rawBody() {
        return exchange.getRequestBody();
    }

    /** Reads a small body (an XML document), decoding aws-chunked; rejects bodies over {@code max} bytes. */
    byte[] readSmallBody(int max) throws IOException {
        InputStream in = rawBody();
        if (AwsChunkedInputStream.isAwsChunked(header("Content-Encoding"), header("x-amz-content-sha256"))) {
            in = new AwsChunkedInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                throw new S3Exception(400, "MaxMessageLengthExceeded", "Your request was too big.");
            }
        }
        return out.toByteArray();
    }

    /** Reads and discards what is left of the request body, so that the connection can be reused. */
    void drainRequestBody() {
        try (InputStream in = rawBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage: nothing to keep
        }
    }

    /** Sets a response header. */
    void setHeader(String name, String value) {
        if (value != null) {
            exchange.getResponseHeaders().set(name, value);
        }
    }

    /** Whether the status line was already sent. */
    boolean responseStarted() {
        return exchange.getResponseCode() != -1;
    }

    /** Sends an XML document (an empty body for HEAD requests). */
    void sendXml(int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        setHeader("Content-Type", "application/xml");
        try (OutputStream out = sendStream(status, bytes.length)) {
            if (out != null) {
                out.write(bytes);
            }
        }
    }

    /** Sends a response without a body. */
    void sendEmpty(int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.getResponseBody().close();
    }

    /**
     * Sends the status and a Content-Length of {@code length}; returns the stream to write exactly that many bytes
     * to, or null for a HEAD request (which gets the Content-Length header but no body).
     */
    OutputStream sendStream(int status, long length) throws IOException {
        if (isHead()) {
            setHeader("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            exchange.getResponseBody().close();
            return null;
        }
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        return exchange.getResponseBody();
    }

    /** Ends the exchange. */
    void close() {
        exchange.close();
    }
}
