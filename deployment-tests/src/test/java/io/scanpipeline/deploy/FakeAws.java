package io.scanpipeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Just enough of S3 (path style: HEAD and GET of one object, PUT of any), DynamoDB (BatchWriteItem) and Kinesis (PutRecords,
 * JSON protocol) on 127.0.0.1 to let a shaded function jar run one invocation end to end with the real SDK. Every
 * write succeeds; the requests are kept for the test to inspect. Stands in for AWS because this build has no AWS
 * account; the emulator ITs of the modules test the behaviour, this only proves the packaged jar works.
 */
final class FakeAws implements AutoCloseable {

    private final HttpServer server;
    private final byte[] object;
    private final String versionId;
    private final List<JsonNode> putRecordsEntries = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> writeRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> s3Requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> putBodies = Collections.synchronizedList(new ArrayList<>());

    /** @param object the bytes every GET returns, as version {@code versionId} */
    FakeAws(byte[] object, String versionId) throws IOException {
        this.object = object;
        this.versionId = versionId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<JsonNode> putRecordsEntries() {
        return List.copyOf(putRecordsEntries);
    }

    /** Every PutRequest.Item of every BatchWriteItem call. */
    List<JsonNode> writtenItems() {
        return List.copyOf(writeRequests);
    }

    List<String> s3Requests() {
        return List.copyOf(s3Requests);
    }

    /** The bodies of the PUT requests as sent (an aws-chunked body keeps its chunk framing). */
    List<String> putBodies() {
        return List.copyOf(putBodies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("Kinesis_20131202.PutRecords".equals(target)) {
                JsonNode request = Json.mapper().readTree(body);
                ObjectNode response = Json.mapper().createObjectNode().put("FailedRecordCount", 0);
                ArrayNode results = response.putArray("Records");
                for (JsonNode entry : request.path("Records")) {
                    putRecordsEntries.add(entry);
                    results.addObject()
                            .put("SequenceNumber", String.valueOf(putRecordsEntries.size()))
                            .put("ShardId", "shardId-000000000000");
                }
                json(exchange, response);
            } else if ("DynamoDB_20120810.BatchWriteItem".equals(target)) {
                JsonNode request = Json.mapper().readTree(body);
                request.path("RequestItems")
                        .forEach(writes -> writes.forEach(
                                w -> writeRequests.add(w.path("PutRequest").path("Item"))));
                json(exchange, Json.mapper().createObjectNode().putObject("UnprocessedItems"));
            } else if (target == null) {
                s3(exchange, body);
            } else {
                exchange.sendResponseHeaders(400, -1);
            }
        }
    }

    private void s3(HttpExchange exchange, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        s3Requests.add(method + " " + exchange.getRequestURI());
        exchange.getResponseHeaders().add("x-amz-version-id", versionId);
        exchange.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
        exchange.getResponseHeaders().add("Last-Modified", "Wed, 25 Nov 2026 12:00:00 GMT");
        switch (method) {
            case "HEAD" -> {
                exchange.getResponseHeaders().add("Content-Length", String.valueOf(object.length));
                exchange.sendResponseHeaders(200, -1);
            }
            case "GET" -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, object.length);
                exchange.getResponseBody().write(object);
            }
            case "PUT" -> {
                putBodies.add(new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
            default -> exchange.sendResponseHeaders(405, -1);
        }
    }

    private static void json(HttpExchange exchange, JsonNode response) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsString(response).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
