package io.scanpipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(HealthServer server) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answers200WhileRunning_and503WhenHecRefusesTheTokenTheSchedulerStoppedOrAShardStalled() throws Exception {
        AtomicReference<HealthServer.Status> status =
                new AtomicReference<>(new HealthServer.Status(true, false, List.of(), 12, 1, 3));
        try (HealthServer server = HealthServer.start(0, status::get)) {
            HttpResponse<String> ok = get(server);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body())
                    .isEqualTo("{\"status\":\"ok\",\"scheduler\":\"running\",\"hecAuth\":\"ok\",\"stalledShards\":[],"
                            + "\"delivered\":12,\"deadLettered\":1,\"inFlight\":3}");

            status.set(new HealthServer.Status(true, true, List.of(), 12, 1, 3));
            HttpResponse<String> authFailing = get(server);
            assertThat(authFailing.statusCode()).isEqualTo(503);
            assertThat(authFailing.body()).contains("\"status\":\"unavailable\"", "\"hecAuth\":\"failing\"");

            status.set(new HealthServer.Status(false, false, List.of(), 12, 1, 0));
            HttpResponse<String> stopped = get(server);
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.body()).contains("\"scheduler\":\"stopped\"");

            status.set(new HealthServer.Status(true, false, List.of("shardId-000000000003"), 12, 1, 40));
            HttpResponse<String> stalled = get(server);
            assertThat(stalled.statusCode()).isEqualTo(503);
            assertThat(stalled.body()).contains("\"stalledShards\":[\"shardId-000000000003\"]");
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        try (HealthServer server =
                HealthServer.start(0, () -> new HealthServer.Status(true, false, List.of(), 0, 0, 0))) {
            java.net.InetSocketAddress bound = server.address();
            assertThat(bound.getAddress().isLoopbackAddress())
                    .as("bound to " + bound)
                    .isTrue();
            assertThat(get(server).statusCode()).isEqualTo(200);
        }
    }
}
