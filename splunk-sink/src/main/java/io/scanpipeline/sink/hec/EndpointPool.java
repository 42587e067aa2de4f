package io.scanpipeline.sink.hec;

import io.scanpipeline.core.StructuredLog;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configured endpoints, handed out round robin over the healthy ones. An endpoint that fails (I/O error, 5xx)
 * is marked unhealthy and skipped until a health check answers 200 code 17 or a request to it succeeds.
 */
final class EndpointPool {

    private final List<HecEndpoint> endpoints;
    private final AtomicInteger next = new AtomicInteger();
    private final StructuredLog log;

    EndpointPool(List<URI> urls, int channelsPerEndpoint, StructuredLog log) {
        this.endpoints = urls.stream()
                .map(url -> new HecEndpoint(url, channelsPerEndpoint))
                .toList();
        this.log = log;
    }

    /** A channel on the next healthy endpoint; when none is healthy, on the next endpoint at all. */
    HecChannel next() {
        List<HecEndpoint> healthy =
                endpoints.stream().filter(HecEndpoint::healthy).toList();
        // with every endpoint down, keep trying them all: the backoff spaces the attempts, and one may be back
        List<HecEndpoint> choice = healthy.isEmpty() ? endpoints : healthy;
        return choice.get(Math.floorMod(next.getAndIncrement(), choice.size())).nextChannel();
    }

    void markUnhealthy(HecEndpoint endpoint, String reason) {
        if (endpoint.healthy(false)) {
            log.warn("hec_endpoint_unhealthy", Map.of("endpoint", endpoint.toString(), "reason", reason));
        }
    }

    void markHealthy(HecEndpoint endpoint) {
        if (endpoint.healthy(true)) {
            log.info("hec_endpoint_healthy", Map.of("endpoint", endpoint.toString()));
        }
    }

    List<HecEndpoint> unhealthy() {
        return endpoints.stream().filter(e -> !e.healthy()).toList();
    }

    List<HecEndpoint> endpoints() {
        return endpoints;
    }
}
