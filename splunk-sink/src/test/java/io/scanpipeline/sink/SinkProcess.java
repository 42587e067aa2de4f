package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link SinkApp#main} in a child JVM, so that a test can kill it with SIGKILL as a crash would. */
final class SinkProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private SinkProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -cp <this test's class path> io.scanpipeline.sink.SinkApp} with {@code env}. */
    static SinkProcess start(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                SinkApp.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new SinkProcess(builder.start(), log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or checkpointed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the sink's shutdown hook stops it gracefully. Returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the sink did not stop within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The child's JSON log lines with the given {@code event}. */
    List<JsonNode> logLines(String event) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("{") && line.contains("\"" + event + "\"")) {
                JsonNode json = Json.mapper().readTree(line);
                if (event.equals(json.path("event").asText())) {
                    lines.add(json);
                }
            }
        }
        return lines;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
