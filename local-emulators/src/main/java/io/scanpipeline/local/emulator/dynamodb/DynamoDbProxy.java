package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of {@link LocalDynamoDb}: routes DynamoDB calls to dynalite (through {@link TableStreamSettings}
 * and {@link StreamCapture} where streams are concerned) and answers DynamoDB Streams calls itself.
 */
final class DynamoDbProxy implements AutoCloseable {

    private static final String JSON_10 = "application/x-amz-json-1.0";
    // Set by HttpServer itself or meaningful for one connection only.
    private static final Set<String> SKIPPED_RESPONSE_HEADERS =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService executor;
    private final DynaliteClient dynalite;
    private final TableStreamSettings tables;
    private final StreamCapture capture;
    private final DynamoDbStreamsApi streamsApi;

    DynamoDbProxy(
            DynaliteClient dynalite, TableStreamSettings tables, StreamCapture capture, DynamoDbStreamsApi streamsApi)
            throws IOException {
        this.dynalite = dynalite;
        this.tables = tables;
        this.capture = capture;
        this.streamsApi = streamsApi;
        // Port 0: the OS picks a free port while binding, so there is no window for another process to take it.
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            ProxyRequest request = new ProxyRequest(exchange.getRequestMethod(), path, headers, body);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            DynaliteClient.Reply reply;
            try {
                reply = route(target == null ? "" : target, request);
            } catch (AwsJsonError e) {
                reply = errorReply(e);
            } catch (RuntimeException e) {
                // The caller sees a 500 it can retry; the cause goes into the message for whoever debugs it.
                reply = errorReply(new AwsJsonError("InternalServerError", "Local DynamoDB proxy failed: " + e, 500));
            }
            send(exchange, reply);
        }
    }

    private DynaliteClient.Reply route(String target, ProxyRequest request) {
        if (target.startsWith(DynamoDbStreamsApi.TARGET_PREFIX)) {
            ObjectNode json = parseOrNull(request.body());
            if (json == null) {
                throw new AwsJsonError("SerializationException", "Request body is not a JSON object");
            }
            ObjectNode answer = streamsApi.handle(target.substring(DynamoDbStreamsApi.TARGET_PREFIX.length()), json);
            return jsonReply(200, answer);
        }
        if (target.startsWith(DynaliteClient.TARGET_PREFIX)) {
            String operation = target.substring(DynaliteClient.TARGET_PREFIX.length());
            ObjectNode json = parseOrNull(request.body());
            if (json != null) {
                switch (operation) {
                    case "CreateTable":
                        return tables.createTable(request, json);
                    case "UpdateTable":
                        return tables.updateTable(request, json);
                    case "DeleteTable":
                        return tables.deleteTable(request, json);
                    case "DescribeTable":
                        return tables.describeTable(request, json);
                    case "PutItem":
                    case "UpdateItem":
                    case "DeleteItem":
                        return capture.singleWrite(operation, request, json);
                    case "BatchWriteItem":
                        return capture.batchWrite(request, json);
                    default:
                        break;
                }
            }
        }
        // Everything else (reads, unknown operations, malformed bodies) is dynalite's to answer.
        return dynalite.forward(request.method(), request.pathAndQuery(), request.headers(), request.body());
    }

    private ObjectNode parseOrNull(byte[] body) {
        try {
            JsonNode node = EmulatorJson.mapper().readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private DynaliteClient.Reply jsonReply(int status, ObjectNode body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of(JSON_10));
        headers.put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
        return new DynaliteClient.Reply(status, headers, new byte[0]).withBody(dynalite.write(body));
    }

    private DynaliteClient.Reply errorReply(AwsJsonError error) {
        DynaliteClient.Reply reply = jsonReply(error.status(), error.body());
        reply.headers().put("x-amzn-ErrorType", List.of(error.code()));
        return reply;
    }

    private static void send(HttpExchange exchange, DynaliteClient.Reply reply) throws IOException {
        reply.headers().forEach((name, values) -> {
            if (!SKIPPED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = reply.body();
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
