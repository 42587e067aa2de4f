package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /health} on {@code HEALTH_PORT}: 200 with {@code {"status":"ok",...}} while the KCL scheduler runs,
 * Splunk accepts the token and no shard is stalled ({@link io.scanpipeline.sink.kcl.StallDetector}), 503 with {@code {"status":"unavailable",...}} otherwise, for a container health check
 * (which runs inside the task, so loopback is enough). Listens on 127.0.0.1 only: nothing outside the task needs it.
 */
public final class HealthServer implements AutoCloseable {

    /** The state reported; {@code healthy} decides the status code. */
    public record Status(
            boolean schedulerRunning,
            boolean hecAuthFailing,
            List<String> stalledShards,
            long delivered,
            long deadLettered,
            int inFlight) {
        public Status {
            stalledShards = List.copyOf(stalledShards);
        }

        boolean healthy() {
            return schedulerRunning && !hecAuthFailing && stalledShards.isEmpty();
        }
    }

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} (0 = a free port). */
    public static HealthServer start(int port, Supplier<Status> status) {
        try {
            HttpServer server =
                    HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 16);
            server.createContext("/health", exchange -> answer(exchange, status.get()));
            server.setExecutor(Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "health");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HEALTH_PORT " + port, e);
        }
    }

    /** The address listened on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, Status status) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("status", status.healthy() ? "ok" : "unavailable");
            body.put("scheduler", status.schedulerRunning() ? "running" : "stopped");
            body.put("hecAuth", status.hecAuthFailing() ? "failing" : "ok");
            status.stalledShards().forEach(body.putArray("stalledShards")::add);
            body.put("delivered", status.delivered());
            body.put("deadLettered", status.deadLettered());
            body.put("inFlight", status.inFlight());
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status.healthy() ? 200 : 503, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
