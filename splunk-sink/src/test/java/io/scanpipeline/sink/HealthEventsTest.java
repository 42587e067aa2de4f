package io.scanpipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.kcl.SinkStats;
import io.scanpipeline.sink.kcl.SinkStatsCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health events against the in-JVM HEC receiver (acks on), with a real HEC client. */
class HealthEventsTest {

    private static final String TOKEN = "0d6a6f0e-4c5b-4a39-9f35-5b7e2f6c1a11";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SinkStats stats = new SinkStats();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** A receiver with acks on, like Splunk Cloud's HEC. */
    private HecReceiver receiver() throws Exception {
        HecReceiver receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, true)
                .ackDelay(Duration.ZERO)
                .keepEventsInMemory(true)
                .build());
        closing.add(receiver);
        return receiver;
    }

    /** Health events of worker-1 (interval 60 s) through a real HEC client to {@code receiver}. */
    private HealthEvents healthEventsTo(HecReceiver receiver) {
        HecClient hec = HecClient.create(
                HecEnvironment.fromEnv(Map.of(
                        "HEC_URLS",
                        receiver.endpoint().toString(),
                        "HEC_TOKEN",
                        TOKEN,
                        "HEC_ACK_POLL_INTERVAL",
                        "50ms")),
                StructuredLog.to("test", lines::add));
        closing.add(hec);
        return new HealthEvents(
                stats,
                hec,
                "app",
                "worker-1",
                Duration.ofSeconds(60),
                Clock.systemUTC(),
                StructuredLog.to("test", lines::add));
    }

    @Test
    void eachEventCarriesTheCountsSinceTheLastConfirmedOne_underItsOwnSourcetype() throws Exception {
        HecReceiver receiver = receiver();
        HealthEvents health = healthEventsTo(receiver);

        SinkStatsCounts.delivered(stats, 10);
        SinkStatsCounts.deadLettered(stats, 1);
        health.flush(Duration.ofSeconds(10));
        SinkStatsCounts.delivered(stats, 5);
        health.flush(Duration.ofSeconds(10));
        health.flush(Duration.ofSeconds(10));

        List<JsonNode> events = receiver.events();
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("sourcetype").asText()).isEqualTo(HealthEvents.SOURCETYPE);
            assertThat(e.path("source").asText()).isEqualTo(HealthEvents.SOURCE);
            assertThat(e.path("event").path("type").asText()).isEqualTo("sink_health");
            assertThat(e.path("event").path("worker").asText()).isEqualTo("worker-1");
            assertThat(e.path("event").path("intervalSeconds").asLong()).isEqualTo(60);
            assertThat(e.path("time").isNumber()).isTrue();
        });
        assertThat(events)
                .extracting(e -> e.path("event").path("delivered").asLong())
                .containsExactly(10L, 5L, 0L);
        assertThat(events)
                .extracting(e -> e.path("event").path("deadLettered").asLong())
                .containsExactly(1L, 0L, 0L);
        assertThat(events)
                .extracting(e -> e.path("event").path("hecFailures").asLong())
                .containsExactly(0L, 0L, 0L);
        assertThat(String.join("\n", lines)).doesNotContain(TOKEN);
        // no shard read yet: the lag is unknown and left out, so max(maxLagMillis) in Splunk never shows a made-up -1
        assertThat(events)
                .allSatisfy(e -> assertThat(e.path("event").has("maxLagMillis")).isFalse());
    }

    @Test
    void theLag_isTheWorstOfTheShardsThisWorkerHasRead() throws Exception {
        HecReceiver receiver = receiver();
        HealthEvents health = healthEventsTo(receiver);

        SinkStatsCounts.shardRead(stats, "shardId-000000000000", 250);
        SinkStatsCounts.shardRead(stats, "shardId-000000000001", 4_000);
        health.flush(Duration.ofSeconds(10));

        assertThat(receiver.events())
                .singleElement()
                .satisfies(e -> assertThat(e.path("event").path("maxLagMillis").asLong())
                        .isEqualTo(4_000L));
    }

    @Test
    void theInterval_isOffAtZeroAndAtLeastOneSecondOtherwise() {
        Map<String, String> env = new HashMap<>(Map.of(
                "STREAM_NAME",
                "s",
                "APPLICATION_NAME",
                "app",
                "DEAD_LETTER_BUCKET",
                "b",
                "HEC_URLS",
                "https://splunk.example:8088",
                "HEC_TOKEN",
                TOKEN));
        assertThat(SinkConfig.fromEnv(env).healthEventInterval()).isEqualTo(Duration.ofSeconds(60));
        env.put("HEALTH_EVENT_INTERVAL", "0");
        assertThat(SinkConfig.fromEnv(env).healthEventInterval()).isZero();
        env.put("HEALTH_EVENT_INTERVAL", "500ms");
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HEALTH_EVENT_INTERVAL");
    }
}
