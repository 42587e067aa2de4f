package io.scanpipeline.sink.hec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for HEC answering from a script. It replaces the faithful HecReceiver only where a real HEC cannot be
 * made to give an answer through our client: 401 to a well-formed header, codes our client never provokes (5, 10,
 * 11, 14, 16), unknown codes, a proxy's non-JSON page, a 400 code 6 without {@code invalid-event-number}.
 */
final class ScriptedHec implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, String body) {
        static Answer code(int status, int code, String text) {
            return new Answer(status, "{\"text\":\"" + text + "\",\"code\":" + code + "}");
        }
    }

    static final Answer SUCCESS = Answer.code(200, 0, "Success");

    private final HttpServer server;
    private final Deque<Answer> script;
    private final Answer fallback;
    private final List<String> bodies = new ArrayList<>();

    private ScriptedHec(List<Answer> script, Answer fallback) throws IOException {
        this.script = new ArrayDeque<>(script);
        this.fallback = fallback;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/services/collector", this::answer);
        server.start();
    }

    /** Answers {@code script} in order, then {@code fallback} for ever. */
    static ScriptedHec start(Answer fallback, Answer... script) throws IOException {
        return new ScriptedHec(List.of(script), fallback);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The decoded bodies of the requests received (health checks aside), in order. */
    synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer;
            synchronized (this) {
                if (exchange.getRequestURI().getPath().endsWith("/health")) {
                    // health checks must not use up the script meant for data requests
                    answer = Answer.code(200, 17, "HEC is healthy");
                } else {
                    bodies.add(decode(exchange, body));
                    answer = script.isEmpty() ? fallback : script.poll();
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String decode(HttpExchange exchange, byte[] body) throws IOException {
        if (!"gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            return new String(body, StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
