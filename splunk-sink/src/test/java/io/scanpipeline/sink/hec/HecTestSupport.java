package io.scanpipeline.sink.hec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.sink.HecEnvironment;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Shared pieces of the client tests: fast settings, numbered events and store checks. */
final class HecTestSupport {

    static final String TOKEN = "5f1ab3c4-9d2e-4b6a-8c7f-0e1d2c3b4a59";
    static final String ACK_TOKEN = "7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

    private HecTestSupport() {}

    /**
     * Settings in milliseconds so that every retry, poll and timeout path runs in well under a second;
     * {@code overrides} are pairs of variable and value.
     */
    static Map<String, String> env(List<URI> urls, String... overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("HEC_URLS", urls.stream().map(URI::toString).collect(Collectors.joining(",")));
        env.put("HEC_TOKEN", TOKEN);
        env.put("HEC_ACK_POLL_INTERVAL", "20ms");
        env.put("HEC_ACK_TIMEOUT", "2s");
        env.put("HEC_RETRY_BASE", "5ms");
        env.put("HEC_RETRY_MAX", "40ms");
        env.put("HEC_RETRY_DURATION", "20s");
        env.put("HEC_REQUEST_TIMEOUT", "3s");
        env.put("HEC_HEALTH_CHECK_INTERVAL", "30ms");
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    static HecConfig config(URI url, String... overrides) {
        return HecEnvironment.fromEnv(env(List.of(url), overrides));
    }

    /** A log whose lines land in {@code lines}. */
    static StructuredLog log(List<String> lines) {
        return StructuredLog.to("test", lines::add);
    }

    /** A thread-safe list for {@link #log(List)}. */
    static List<String> lines() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Event {@code id}: {@code {"id": id, "rule": "CVE-..."}}. */
    static HecEvent event(int id) {
        ObjectNode payload = Json.mapper().createObjectNode().put("id", id).put("rule", "CVE-2024-" + id);
        return HecEvent.of(payload);
    }

    /** A batch of the events numbered {@code from} (inclusive) to {@code to} (exclusive). */
    static HecBatch batch(HecClient client, int from, int to) {
        HecBatch.Builder builder = client.newBatch("b" + from);
        for (int id = from; id < to; id++) {
            assertThat(builder.add(event(id))).isTrue();
        }
        return builder.build();
    }

    /** The ids of the events a receiver stored, in order of receipt. */
    static List<Integer> storedIds(HecReceiver receiver) {
        return receiver.events().stream()
                .map(e -> e.at("/event/id"))
                .filter(JsonNode::isInt)
                .map(JsonNode::asInt)
                .toList();
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** The cause a failed future carries. */
    static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the delivery to fail, it succeeded");
    }

    /** Waits up to 10 s for {@code condition}. */
    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    static List<Integer> range(int from, int to) {
        Integer[] ids = new Integer[to - from];
        Arrays.setAll(ids, i -> from + i);
        return List.of(ids);
    }
}
