package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** HTTP mechanics of HEC: builds the data, ack and health requests and parses the answers. */
final class HecTransport {

    static final String CHANNEL_HEADER = "X-Splunk-Request-Channel";

    private final HecConfig config;
    private final HttpClient http;

    HecTransport(HecConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    /** An HTTP/1.1 client (what HEC speaks) verifying TLS unless {@code HEC_INSECURE_TLS} is true. */
    static HttpClient httpClient(HecConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.insecureTls()) {
            builder.sslContext(TrustAllTls.context());
        }
        return builder.build();
    }

    /** POSTs {@code body} (encoded events) on {@code channel} to the event or raw endpoint with {@code token}. */
    CompletableFuture<HecResponse> sendEvents(HecChannel channel, byte[] body, HecToken token) {
        URI uri = config.endpoint() == HecConfig.EndpointKind.RAW
                ? channel.endpoint()
                        .base()
                        .resolve("/services/collector/raw?" + HecEncoder.rawQuery(config, channel.id()))
                : channel.endpoint().base().resolve("/services/collector/event");
        HttpRequest.Builder request = authorized(uri, channel, token)
                .header(
                        "Content-Type",
                        config.endpoint() == HecConfig.EndpointKind.RAW
                                ? "text/plain; charset=utf-8"
                                : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.gzip()) {
            request.header("Content-Encoding", "gzip");
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    channel.remember(response.headers().allValues("Set-Cookie"));
                    return HecResponse.parse(response.statusCode(), response.body());
                });
    }

    /** POSTs {@code {"acks":[ids]}} to the ack endpoint of {@code channel} with {@code token}. */
    CompletableFuture<HttpResponse<byte[]>> pollAcks(HecChannel channel, List<Long> ackIds, HecToken token) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode acks = body.putArray("acks");
        ackIds.forEach(acks::add);
        URI uri = channel.endpoint().base().resolve("/services/collector/ack?channel=" + channel.id());
        HttpRequest request = authorized(uri, channel, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            channel.remember(response.headers().allValues("Set-Cookie"));
            return response;
        });
    }

    /** GETs the health endpoint, which needs no token. */
    CompletableFuture<HecResponse> health(HecEndpoint endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.base().resolve("/services/collector/health"))
                .timeout(config.requestTimeout())
                .GET()
                .build();
        return send(request);
    }

    private HttpRequest.Builder authorized(URI uri, HecChannel channel, HecToken token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Authorization", token.authorization())
                .header(CHANNEL_HEADER, channel.id());
        String cookies = channel.cookieHeader();
        if (cookies != null) {
            builder.header("Cookie", cookies);
        }
        return builder;
    }

    private CompletableFuture<HecResponse> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> HecResponse.parse(response.statusCode(), response.body()));
    }
}
