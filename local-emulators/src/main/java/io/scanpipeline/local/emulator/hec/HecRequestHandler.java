package io.scanpipeline.local.emulator.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig.TokenState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Routes and answers every request under {@code /services/collector} the way Splunk HEC does. */
final class HecRequestHandler implements HttpHandler {

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String CHANNEL_HEADER = "X-Splunk-Request-Channel";

    private final HecReceiverConfig config;
    private final HecEventStore store;
    private final HecAckLedger ledger;
    private final FaultInjector faults;
    private volatile boolean healthy;

    HecRequestHandler(HecReceiverConfig config, HecEventStore store, HecAckLedger ledger, FaultInjector faults) {
        this.config = config;
        this.store = store;
        this.ledger = ledger;
        this.faults = faults;
        this.healthy = config.healthy();
    }

    void healthy(boolean value) {
        this.healthy = value;
    }

    boolean healthy() {
        return healthy;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            faults.delay();
            if (faults.draw(HecFaults::connectionResetRate)) {
                store.countReset();
                // HttpServer closes the connection without writing anything when a handler throws an
                // IOException: the client sees the connection drop with no status line, as after a reset
                throw new IOException("injected connection reset");
            }
            HecReply reply = route(exchange, body);
            store.countReply(reply);
            send(exchange, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("receiver stopping", e);
        }
    }

    private HecReply route(HttpExchange exchange, byte[] body) {
        String path = exchange.getRequestURI().getPath();
        boolean post = exchange.getRequestMethod().equalsIgnoreCase("POST");
        switch (path) {
            case "/services/collector/health", "/services/collector/health/1.0":
                return HecReply.of(healthy ? 17 : 18);
            case "/services/collector", "/services/collector/event", "/services/collector/event/1.0":
                return post ? data(exchange, body, path, false) : HecReply.methodNotAllowed();
            case "/services/collector/raw", "/services/collector/raw/1.0":
                return post ? data(exchange, body, path, true) : HecReply.methodNotAllowed();
            case "/services/collector/ack", "/services/collector/ack/1.0":
                return post ? ack(exchange, body) : HecReply.methodNotAllowed();
            default:
                return HecReply.notFound();
        }
    }

    private HecReply data(HttpExchange exchange, byte[] body, String path, boolean raw) {
        Map<String, String> query = query(exchange);
        HecAuth.Outcome auth = authenticate(exchange, query);
        if (auth.error() != null) {
            return auth.error();
        }
        String channel = channel(exchange, query);
        if (channel != null && !GUID.matcher(channel).matches()) {
            return HecReply.of(11);
        }
        boolean ack = auth.state() == TokenState.ENABLED_WITH_ACK;
        if (channel == null && (ack || raw)) {
            return HecReply.of(10);
        }
        // an unhealthy HEC (queues full) refuses data the way Splunk does: server busy
        if (!healthy || faults.draw(HecFaults::busyRate)) {
            return HecReply.of(9);
        }
        if (faults.draw(HecFaults::tooManyRequestsRate)) {
            return HecReply.tooManyRequests();
        }
        if (config.maxContentLength() > 0 && body.length > config.maxContentLength()) {
            return HecReply.tooLarge();
        }
        byte[] content;
        try {
            content = decode(exchange, body);
        } catch (IOException badGzip) {
            return HecReply.of(6);
        }
        HecEventParser.Result parsed = raw
                ? HecEventParser.parseRaw(content, query, config.allowedIndexes())
                : HecEventParser.parseEvents(content, config.allowedIndexes());
        if (parsed.error() != null) {
            return parsed.error();
        }
        Long ackId = null;
        boolean lost = false;
        if (ack) {
            lost = faults.draw(HecFaults::lostAckRate);
            ackId = ledger.issue(channel, config.ackDelay(), lost);
        }
        if (lost) {
            store.countLost();
        } else {
            store.store(parsed.events(), path, channel, ackId, isGzip(exchange));
        }
        return HecReply.success(ackId);
    }

    private HecReply ack(HttpExchange exchange, byte[] body) {
        Map<String, String> query = query(exchange);
        HecAuth.Outcome auth = authenticate(exchange, query);
        if (auth.error() != null) {
            return auth.error();
        }
        if (auth.state() != TokenState.ENABLED_WITH_ACK) {
            return HecReply.of(14);
        }
        String channel = channel(exchange, query);
        if (channel == null) {
            return HecReply.of(10);
        }
        if (!GUID.matcher(channel).matches()) {
            return HecReply.of(11);
        }
        if (faults.draw(HecFaults::ackUnavailableRate)) {
            return HecReply.of(19);
        }
        List<Long> ids = new ArrayList<>();
        try {
            JsonNode root = EmulatorJson.mapper().readTree(decode(exchange, body));
            JsonNode acks = root == null ? null : root.get("acks");
            if (acks == null || !acks.isArray()) {
                return HecReply.of(6);
            }
            for (JsonNode id : acks) {
                if (!id.canConvertToLong()) {
                    return HecReply.of(6);
                }
                ids.add(id.asLong());
            }
        } catch (IOException malformed) {
            return HecReply.of(6);
        }
        return HecReply.acks(ledger.poll(channel, ids));
    }

    private HecAuth.Outcome authenticate(HttpExchange exchange, Map<String, String> query) {
        return HecAuth.authenticate(exchange.getRequestHeaders().getFirst("Authorization"), query, config);
    }

    private static String channel(HttpExchange exchange, Map<String, String> query) {
        String header = exchange.getRequestHeaders().getFirst(CHANNEL_HEADER);
        return header != null ? header.trim() : query.get("channel");
    }

    private static boolean isGzip(HttpExchange exchange) {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    }

    private static byte[] decode(HttpExchange exchange, byte[] body) throws IOException {
        if (!isGzip(exchange)) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.putIfAbsent(
                    URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void send(HttpExchange exchange, HecReply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        if (reply.httpStatus() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Splunk");
        }
        exchange.sendResponseHeaders(reply.httpStatus(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
