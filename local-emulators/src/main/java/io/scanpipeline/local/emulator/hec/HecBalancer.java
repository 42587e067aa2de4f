package io.scanpipeline.local.emulator.hec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A round-robin HTTP load balancer on 127.0.0.1 in front of several {@link HecReceiver}s ("indexers"), for testing
 * what Splunk warns about: ackIds are per indexer, so without stickiness an ack poll can reach an indexer that never
 * saw the request. With {@code sticky} the balancer sets a cookie ({@value #COOKIE}) naming the backend that served a
 * client and sends that client's later requests there, as an AWS ALB or HAProxy with cookie stickiness does; without
 * it every request goes to the next backend in turn, cookies or not.
 */
public final class HecBalancer implements AutoCloseable {

    /** The stickiness cookie. */
    public static final String COOKIE = "HECLB";

    // hop-by-hop or computed by the HTTP client itself
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "keep-alive", "transfer-encoding");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final List<URI> backends;
    private final boolean sticky;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong[] forwarded;
    private final URI endpoint;

    private HecBalancer(List<URI> backends, boolean sticky) throws IOException {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("a balancer needs at least one backend");
        }
        this.backends = List.copyOf(backends);
        this.sticky = sticky;
        this.forwarded = new AtomicLong[backends.size()];
        for (int i = 0; i < forwarded.length; i++) {
            forwarded[i] = new AtomicLong();
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "hec-balancer-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a balancer over {@code backends} (base URLs), sticky by cookie or not. */
    public static HecBalancer start(List<URI> backends, boolean sticky) throws IOException {
        return new HecBalancer(backends, sticky);
    }

    /** Base URL clients send to. */
    public URI endpoint() {
        return endpoint;
    }

    /** How many requests went to backend {@code index}. */
    public long forwarded(int index) {
        return forwarded[index].get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int backend = choose(exchange);
            forwarded[backend].incrementAndGet();
            URI target = backends.get(backend).resolve(exchange.getRequestURI().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                reply(exchange, 502, "text/plain", "Bad Gateway".getBytes(StandardCharsets.UTF_8), backend);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("balancer stopping", e);
            }
            reply(
                    exchange,
                    answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse("text/plain"),
                    answer.body(),
                    backend);
        }
    }

    private int choose(HttpExchange exchange) {
        if (sticky) {
            for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
                for (String pair : header.split(";")) {
                    String[] parts = pair.trim().split("=", 2);
                    if (parts.length == 2 && parts[0].equals(COOKIE)) {
                        try {
                            int index = Integer.parseInt(parts[1].trim());
                            if (index >= 0 && index < backends.size()) {
                                return index;
                            }
                        } catch (NumberFormatException ignored) {
                            // a cookie we did not set: choose afresh
                        }
                    }
                }
            }
        }
        return Math.floorMod(next.getAndIncrement(), backends.size());
    }

    private void reply(HttpExchange exchange, int status, String contentType, byte[] body, int backend)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (sticky) {
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + backend + "; Path=/; HttpOnly");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
