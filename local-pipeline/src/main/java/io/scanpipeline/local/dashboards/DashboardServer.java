package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.index.HecDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the app's Dashboard Studio dashboards on 127.0.0.1, rendered in the browser by Splunk's dashboard
 * framework (the front end built into the jar under {@code dashboards-web/}), every search run by the local search
 * stand-in over the HEC receiver's events:
 * <ul>
 *   <li>{@code GET /} and the front end's static files;</li>
 *   <li>{@code GET /api/dashboards}: {@code [{name, label, description, theme, definition}]} read from the app's views
 *       on every call;</li>
 *   <li>{@code POST /api/search}: see {@link SearchApi}; a search that fails is answered 400
 *       {@code {"error": message}} (the stand-in's message), which the page shows in the panel;</li>
 *   <li>{@code GET /api/status}: {@code {"events": n}}, events indexed so far;</li>
 *   <li>the few splunkd endpoints Splunk's time range picker calls ({@link SplunkdEndpoints}).</li>
 * </ul>
 */
public final class DashboardServer implements AutoCloseable {
    private static final StructuredLog LOG = StructuredLog.forClass(DashboardServer.class);
    private static final String STATIC_ROOT = "dashboards-web/";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "json",
            "application/json",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "woff",
            "font/woff",
            "woff2",
            "font/woff2",
            "map",
            "application/json");

    private final HttpServer server;
    private final ExecutorService executor;
    private final DashboardViews views;
    private final ReceiverIndex index;
    private final SearchApi searchApi;
    private final SplunkdEndpoints splunkd;

    private DashboardServer(
            HttpServer server,
            ExecutorService executor,
            DashboardViews views,
            ReceiverIndex index,
            SearchApi searchApi,
            SplunkdEndpoints splunkd) {
        this.splunkd = splunkd;
        this.server = server;
        this.executor = executor;
        this.views = views;
        this.index = index;
        this.searchApi = searchApi;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0 = a free port) the dashboards of {@code appFolder} over the
     * receiver's {@code hecEventsFile} (it may not exist yet).
     */
    public static DashboardServer start(Path appFolder, Path hecEventsFile, int port) throws IOException {
        DashboardViews views = new DashboardViews(appFolder);
        views.load(); // a broken view fails at start, naming the file
        SplunkApp app = SplunkApp.load(appFolder);
        ReceiverIndex index = new ReceiverIndex(hecEventsFile, app, HecDefaults.local());
        Clock clock = Clock.systemUTC();
        SearchApi api = new SearchApi(app, index, clock);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        DashboardServer dashboards =
                new DashboardServer(server, executor, views, index, api, new SplunkdEndpoints(clock));
        server.createContext("/", dashboards::handle);
        server.start();
        LOG.info("dashboard_server_started", Map.of("url", dashboards.uri().toString(), "app", appFolder.toString()));
        return dashboards;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:41234/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (path.equals("/api/search")) {
                    requireMethod(method, "POST");
                    JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
                    sendJson(exchange, 200, searchApi.search(request));
                } else if (path.equals("/api/dashboards")) {
                    requireMethod(method, "GET");
                    ArrayNode list = Json.mapper().createArrayNode();
                    for (StudioDashboard d : views.load()) {
                        ObjectNode item = list.addObject();
                        item.put("name", d.name());
                        item.put("label", d.label());
                        item.put("description", d.description());
                        item.put("theme", d.theme());
                        item.set("definition", d.definition());
                    }
                    sendJson(exchange, 200, list);
                } else if (path.equals("/api/status")) {
                    requireMethod(method, "GET");
                    index.refresh();
                    sendJson(exchange, 200, Json.mapper().createObjectNode().put("events", index.size()));
                } else if (SplunkdEndpoints.handles(path)) {
                    JsonNode answer =
                            splunkd.answer(path, exchange.getRequestURI().getRawQuery());
                    if (answer == null) {
                        sendError(exchange, 404, "splunkd endpoint not available locally: " + path);
                    } else {
                        sendJson(exchange, 200, answer);
                    }
                } else if (path.startsWith("/api/")) {
                    sendError(exchange, 404, "no such API: " + path);
                } else {
                    requireMethod(method, "GET");
                    serveStatic(exchange, path);
                }
            } catch (SplException | SearchApi.BadRequest e) {
                sendError(exchange, 400, e.getMessage());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                sendError(exchange, 400, "the body is not JSON: " + e.getOriginalMessage());
            } catch (MethodNotAllowed e) {
                sendError(exchange, 405, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("dashboard_request_failed", Map.of("path", path, "error", String.valueOf(e)));
                sendError(exchange, 500, e.toString());
            }
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new MethodNotAllowed(method + " not allowed here, use " + expected);
        }
    }

    private void serveStatic(HttpExchange exchange, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.contains("..") || name.startsWith("/")) {
            sendError(exchange, 404, "not found: " + path);
            return;
        }
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(STATIC_ROOT + name)) {
            if (in == null) {
                boolean built = DashboardServer.class.getClassLoader().getResource(STATIC_ROOT + "index.html") != null;
                sendError(
                        exchange,
                        built ? 404 : 503,
                        built
                                ? "not found: " + path
                                : "the dashboards front end is not built: run mvn -pl local-pipeline -am package");
                return;
            }
            byte[] body = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            exchange.getResponseHeaders()
                    .set("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, Json.mapper().createObjectNode().put("error", message));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String message) {
            super(message);
        }
    }
}
