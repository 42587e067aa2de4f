package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Talks to the dynalite child process: forwards callers' requests unchanged and makes the proxy's own calls
 * (consistent reads of old and new images, DescribeTable).
 */
final class DynaliteClient {

    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String JSON_10 = "application/x-amz-json-1.0";
    // Headers java.net.http refuses to set, plus hop-by-hop ones that belong to one connection only. The
    // Accept-Encoding is dropped so that dynalite answers uncompressed and the proxy can rewrite bodies.
    private static final Set<String> SKIPPED_REQUEST_HEADERS = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "upgrade",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "proxy-connection",
            "accept-encoding",
            "http2-settings");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private final URI endpoint;
    private final String region;
    private final ObjectMapper mapper;
    private final HttpClient http;

    DynaliteClient(URI endpoint, String region, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.region = region;
        this.mapper = mapper;
        // HTTP/1.1 explicitly: the default would offer an h2c upgrade that dynalite does not speak.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** An answer from dynalite: status, headers (lower-case names) and raw body. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /**
         * The same answer with another body. The SDK checks DynamoDB bodies against {@code x-amz-crc32}, so a
         * rewritten body needs a new checksum.
         */
        Reply withBody(byte[] newBody) {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            copy.remove("content-length");
            copy.put("x-amz-crc32", List.of(crc32(newBody)));
            return new Reply(status, copy, newBody);
        }

        static String crc32(byte[] data) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return Long.toString(crc.getValue());
        }
    }

    /** Forwards a caller's request with its headers and body as they were. */
    Reply forward(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery))
                .method(
                        method,
                        body.length == 0 && !"POST".equals(method)
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!SKIPPED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return send(request.build());
    }

    /**
     * Makes the proxy's own call (reads only). dynalite checks only that a SigV4 header is present, so a
     * syntactically valid unsigned one is enough.
     */
    Reply call(String operation, JsonNode body) {
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)))
                .header("Content-Type", JSON_10)
                .header("X-Amz-Target", TARGET_PREFIX + operation)
                .header("X-Amz-Date", now)
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=local/" + now.substring(0, 8) + "/" + region
                                + "/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
                .build();
        try {
            return send(request);
        } catch (UncheckedIOException e) {
            // A pooled connection dynalite closed just then. These calls are reads, so one retry is safe, and it
            // matters: failing the read of a new image after the write succeeded would lose the stream record.
            return send(request);
        }
    }

    /** {@link #call} that expects success and returns the parsed body. */
    ObjectNode callOk(String operation, JsonNode body) {
        Reply reply = call(operation, body);
        ObjectNode parsed = parse(reply.body());
        if (!reply.ok()) {
            throw new DynaliteError(reply);
        }
        return parsed;
    }

    /** A consistent read of one item; null when there is none. */
    ObjectNode getItem(String table, JsonNode key) {
        ObjectNode request = mapper.createObjectNode();
        request.put("TableName", table);
        request.set("Key", key);
        request.put("ConsistentRead", true);
        JsonNode item = callOk("GetItem", request).get("Item");
        return item instanceof ObjectNode object ? object : null;
    }

    ObjectNode parse(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
            return node instanceof ObjectNode object ? object : mapper.createObjectNode();
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(response.headers().map());
            return new Reply(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("dynalite at " + endpoint + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling dynalite", e);
        }
    }

    /** A failed internal call; carries dynalite's answer so it can be passed on to the caller as it was. */
    static final class DynaliteError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        DynaliteError(Reply reply) {
            super("dynalite answered " + reply.status() + ": "
                    + new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
            this.reply = reply;
        }

        Reply reply() {
            return reply;
        }
    }
}
