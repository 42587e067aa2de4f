package io.scanpipeline.sink.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.KclLogging;
import io.scanpipeline.sink.KclSettings;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.SinkEmulatorsAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replay from AT_TIMESTAMP, in this JVM, against kinesis-mock, dynalite, the local S3 server and the HEC receiver:
 * two groups of envelopes are put with a pause between them, and the replay starts at a time inside the pause.
 */
class ReplayIT {

    private static final String STREAM = "replayed";
    private static SinkEmulatorsAccess pipeline;

    @BeforeAll
    static void start() throws Exception {
        KclLogging.install("WARNING");
        pipeline = SinkEmulatorsAccess.start();
        pipeline.createStream(STREAM, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void atTimestamp_redeliversExactlyTheRecordsAfterThatTime_toTheTip_thenDeletesItsLeaseTable() throws Exception {
        Set<String> before = pipeline.put(STREAM, 0, 150);
        Thread.sleep(1500);
        Instant between = Instant.now();
        Thread.sleep(1500);
        Set<String> after = pipeline.put(STREAM, 150, 300);

        Map<String, String> env = pipeline.env(STREAM, "scan-sink");
        SinkConfig base = SinkConfig.fromEnv(env);
        ReplayOptions options = ReplayOptions.parse(
                List.of("AT_TIMESTAMP", between.toString()), "scan-sink", Instant.parse("2024-05-01T12:00:00Z"));
        List<String> lines = new CopyOnWriteArrayList<>();
        ReplayCommand.Result result;
        try (SinkClients clients = SinkClients.create(
                SinkConfig.awsClients(env), KclSettings.RetrievalMode.POLLING, SinkEmulatorsAccess.credentials())) {
            result = ReplayCommand.run(base, options, clients, StructuredLog.to("replay", lines::add));
        }

        assertThat(result.completed()).as("stopped at the tip, not by timeout").isTrue();
        assertThat(result.application()).isEqualTo("scan-sink-replay-20240501-120000");
        List<String> received = pipeline.receivedEventIds();
        assertThat(new HashSet<>(received)).as("exactly the second group").isEqualTo(after);
        assertThat(received).as("each once").hasSameSizeAs(after);
        assertThat(new HashSet<>(received)).doesNotContainAnyElementsOf(before);
        assertThat(result.delivered()).isEqualTo(after.size());
        assertThat(result.leaseTableDeleted()).isTrue();
        assertThat(pipeline.tableNames()).doesNotContain(result.application());
        assertThat(new ArrayList<>(lines)).anyMatch(line -> line.contains("\"replay_completed\""));
    }
}
