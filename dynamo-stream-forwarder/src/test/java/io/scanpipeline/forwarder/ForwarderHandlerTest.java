package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.StructuredLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwarderHandlerTest {

    @Test
    void unpublishedRecords_becomeBatchItemFailures_inEventOrder_withinTheContextsRemainingTime() {
        FakeClock clock = new FakeClock(Instant.parse("2024-01-01T00:00:00Z"));
        Instant start = clock.instant();
        // the fake stream throttles every entry, forever
        FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(20))
                .answering((call, entries) ->
                        Collections.nCopies(entries.size(), "ProvisionedThroughputExceededException"));
        ForwarderConfig config = ForwarderConfig.defaults("changes");
        ForwarderHandler handler = new ForwarderHandler(new ForwarderService(
                config,
                new KinesisPublisher(
                        kinesis,
                        "changes",
                        null,
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                        clock.sleeper(new ArrayList<>()),
                        () -> 0.5),
                null,
                StructuredLog.to("test", line -> {}),
                clock));

        StreamsEventResponse response = handler.handleRequest(
                StreamEvents.event(StreamEvents.insert("7", "E1", "a"), StreamEvents.insert("8", "E2", "a")),
                new FakeContext(2_500));

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("7", "8");
        // 2.5 s remaining less the 1 s safety margin: it stopped trying within 1.5 s (plus one call's latency)
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(Duration.ofMillis(1_520));
        assertThat(kinesis.requests.size()).isGreaterThan(1);
    }

    @Test
    void missingStream_failsAtStartUp_namingTheVariable() {
        assertThatThrownBy(() -> ForwarderHandler.fromEnv(Map.of("AWS_REGION", "eu-west-1")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("STREAM_NAME"));
    }

    @Test
    void environment_buildsTheServiceAndClients_withoutCallingAws() {
        // building SDK clients resolves neither credentials nor endpoints, so this needs no network
        ForwarderService service = ForwarderHandler.fromEnv(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "STREAM_NAME", "changes",
                "QUARANTINE_BUCKET", "quarantine"));

        // an empty batch needs no call either, and proves the wiring end to end
        ForwardResult result = service.forward(StreamEvents.event(), Duration.ofSeconds(5));
        assertThat(result.failedSequenceNumbers()).isEmpty();
        assertThat(result.stats().recordsIn()).isZero();
    }
}
