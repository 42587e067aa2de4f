package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.sink.HealthServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The sink container's health check in template.yaml, run as ECS runs it (the command inside the container, with the
 * container's environment) against the real {@link HealthServer}: it passes on 200 and fails on 503, so a task whose
 * shard stalled is replaced.
 */
class SinkHealthCheckTest {

    private final Template template = Template.load();

    @Test
    void theContainerHealthCheck_passesWhileHealthy_andFailsWhenAShardStalls() throws Exception {
        Map<String, Object> container = Template.map(
                Template.list(template.resolvedProperties("SinkTaskDefinition").get("ContainerDefinitions"))
                        .get(0));
        Map<String, Object> check = Template.map(container.get("HealthCheck"));
        assertThat(check).as("the sink container has a health check").isNotNull();
        List<String> command = new ArrayList<>();
        Template.list(check.get("Command")).forEach(part -> command.add(String.valueOf(part)));
        assertThat(command.get(0)).isEqualTo("CMD");
        assertThat(String.join(" ", command)).contains("127.0.0.1", "HEALTH_PORT", "/health");
        assertThat(check).containsKeys("Interval", "Retries", "StartPeriod", "Timeout");

        AtomicReference<HealthServer.Status> status =
                new AtomicReference<>(new HealthServer.Status(true, false, List.of(), 0, 0, 0));
        try (HealthServer server = HealthServer.start(0, status::get)) {
            assertThat(run(command.subList(1, command.size()), server.port()))
                    .as("healthy")
                    .isZero();
            status.set(new HealthServer.Status(true, false, List.of("shardId-000000000000"), 0, 0, 7));
            assertThat(run(command.subList(1, command.size()), server.port()))
                    .as("a stalled shard")
                    .isNotZero();
        }
    }

    private static int run(List<String> command, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HEALTH_PORT", String.valueOf(port));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("health check finished: " + output)
                .isTrue();
        return process.exitValue();
    }
}
