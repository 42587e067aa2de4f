package io.scanpipeline.forwarder;

import static io.scanpipeline.forwarder.StreamEvents.event;
import static io.scanpipeline.forwarder.StreamEvents.insert;
import static io.scanpipeline.forwarder.StreamEvents.modify;
import static io.scanpipeline.forwarder.StreamEvents.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.ChangeEnvelope.EventName;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch semantics of {@link ForwarderService}: ordering, failure reporting, quarantine, filters and metrics. */
class ForwarderServiceTest {

    private static final String THROTTLED = "ProvisionedThroughputExceededException";

    private final FakeClock clock = new FakeClock(Instant.parse("2024-01-01T00:00:05Z"));
    private final FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(20));
    private final List<String> logLines = new ArrayList<>();

    @Test
    void persistentThrottling_reportsTheFirstUnpublishedRecordAndEveryLaterOne_neverSuccess() {
        // record 3 is throttled on every attempt; 4 goes through in the first call but must be reported as well
        kinesis.answering((call, entries) -> {
            List<String> codes = new ArrayList<>(Collections.nCopies(entries.size(), null));
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).partitionKey().contains("E3")) {
                    codes.set(i, THROTTLED);
                }
            }
            return codes;
        });

        ForwardResult result = service(config(), null)
                .forward(
                        event(
                                insert("1", "E1", "a"),
                                insert("2", "E2", "a"),
                                insert("3", "E3", "a"),
                                insert("4", "E4", "a"),
                                insert("5", "E5", "a")),
                        Duration.ofSeconds(4));

        assertThat(result.failedSequenceNumbers()).containsExactly("3", "4", "5");
        assertThat(result.failureReason()).contains("time budget exhausted");
        assertThat(kinesis.storedSequenceNumbers()).containsExactlyInAnyOrder("1", "2", "4", "5");
        assertThat(result.stats().failed()).isEqualTo(3);
        assertThat(result.stats().retried()).isPositive();
    }

    @Test
    void aLaterChangeOfTheSameItem_isNeverSent_whileAnEarlierOneIsUnpublished() {
        kinesis.answering((call, entries) -> Collections.nCopies(entries.size(), THROTTLED));

        ForwardResult result = service(config(), null)
                .forward(
                        event(insert("1", "E1", "a"), modify("2", "E1", "a", "b"), insert("3", "E2", "a")),
                        Duration.ofSeconds(3));

        assertThat(result.failedSequenceNumbers()).containsExactly("1", "2", "3");
        assertThat(kinesis.requests)
                .allSatisfy(request -> assertThat(request.records()).hasSize(1));
        assertThat(kinesis.stored).isEmpty();
    }

    @Test
    void oversizedEnvelope_goesToTheQuarantineWithItsReason_andTheBatchCarriesOn() {
        RecordingQuarantine quarantine = new RecordingQuarantine(false);
        DynamodbStreamRecord large = insert("2", "E2", "x".repeat(2_000));

        ForwardResult result = service(config(1_000), quarantine)
                .forward(event(insert("1", "E1", "a"), large, insert("3", "E3", "a")), Duration.ofSeconds(10));

        assertThat(result.failedSequenceNumbers()).isEmpty();
        assertThat(kinesis.storedSequenceNumbers()).containsExactly("1", "3");
        assertThat(quarantine.entries).singleElement().satisfies(entry -> {
            assertThat(entry.sequenceNumber()).isEqualTo("2");
            assertThat(entry.table()).isEqualTo("Employees");
            assertThat(entry.reason()).contains("MAX_RECORD_BYTES=1000");
            assertThat(entry.envelope().newImage().get("dept").asText()).hasSize(2_000);
        });
        assertThat(result.stats().quarantined()).isEqualTo(1);
        // the record before the quarantined one was published before it was quarantined
        assertThat(kinesis.requests).hasSize(2);
    }

    @Test
    void oversizedEnvelope_withoutAQuarantine_isReportedAsFailed_withEveryLaterRecord() {
        ForwardResult result = service(config(1_000), null)
                .forward(
                        event(insert("1", "E1", "a"), insert("2", "E2", "x".repeat(2_000)), insert("3", "E3", "a")),
                        Duration.ofSeconds(10));

        assertThat(result.failedSequenceNumbers()).containsExactly("2", "3");
        assertThat(result.failureReason()).contains("no QUARANTINE_BUCKET");
        assertThat(kinesis.storedSequenceNumbers()).containsExactly("1");
    }

    @Test
    void failedQuarantineWrite_isAFailure_notASilentDrop() {
        ForwardResult result = service(config(1_000), new RecordingQuarantine(true))
                .forward(event(insert("1", "E1", "x".repeat(2_000)), insert("2", "E2", "a")), Duration.ofSeconds(10));

        assertThat(result.failedSequenceNumbers()).containsExactly("1", "2");
        assertThat(result.failureReason()).contains("quarantine write failed");
        assertThat(kinesis.stored).isEmpty();
    }

    @Test
    void unmappableRecord_isQuarantinedWithoutAnEnvelope() {
        RecordingQuarantine quarantine = new RecordingQuarantine(false);
        DynamodbStreamRecord broken = insert("2", "E2", "a");
        broken.getDynamodb().getNewImage().put("typeless", new AttributeValue());

        ForwardResult result = service(config(), quarantine)
                .forward(event(insert("1", "E1", "a"), broken, insert("3", "E3", "a")), Duration.ofSeconds(10));

        assertThat(result.failedSequenceNumbers()).isEmpty();
        assertThat(kinesis.storedSequenceNumbers()).containsExactly("1", "3");
        assertThat(quarantine.entries).singleElement().satisfies(entry -> {
            assertThat(entry.reason()).contains("NewImage.typeless").contains("no type");
            assertThat(entry.envelope()).isNull();
            assertThat(entry.streamEventId()).isEqualTo("event-2");
        });
    }

    @Test
    void eventNameFilter_andIncludeRemoveFalse_countFilteredRecordsAsProcessed() {
        ForwarderConfig config = new ForwarderConfig(
                "changes",
                null,
                false,
                EnumSet.of(EventName.INSERT, EventName.REMOVE),
                null,
                1024 * 1024,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                null,
                null);

        ForwardResult result = service(config, null)
                .forward(
                        event(insert("1", "E1", "a"), modify("2", "E1", "a", "b"), remove("3", "E1", "b")),
                        Duration.ofSeconds(10));

        assertThat(kinesis.storedSequenceNumbers()).containsExactly("1");
        assertThat(result.failedSequenceNumbers()).isEmpty();
        assertThat(result.stats().filtered()).isEqualTo(2);
    }

    @Test
    void attributeFilter_readsTheNewImage_orTheOldImageForRemove() {
        ForwarderConfig config = new ForwarderConfig(
                "changes",
                null,
                true,
                ForwarderConfig.DEFAULT_EVENT_NAMES,
                new AttributeFilter("dept", "security"),
                1024 * 1024,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                null,
                null);

        ForwardResult result = service(config, null)
                .forward(
                        event(
                                insert("1", "E1", "security"),
                                insert("2", "E2", "sales"),
                                modify("3", "E1", "security", "sales"), // new image no longer matches
                                modify("4", "E2", "sales", "security"), // new image matches
                                remove("5", "E2", "security"), // old image matches
                                remove("6", "E1", "sales")),
                        Duration.ofSeconds(10));

        assertThat(kinesis.storedSequenceNumbers()).containsExactly("1", "4", "5");
        assertThat(result.stats().filtered()).isEqualTo(3);
        assertThat(result.failedSequenceNumbers()).isEmpty();
    }

    @Test
    void invocationLogLine_isAnEmbeddedMetricDocument_withTheCounts() throws Exception {
        RecordingQuarantine quarantine = new RecordingQuarantine(false);

        service(config(1_000), quarantine)
                .forward(event(insert("1", "E1", "a"), insert("2", "E2", "x".repeat(2_000))), Duration.ofSeconds(10));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : logLines) {
            lines.add(Json.mapper().readTree(line));
        }
        JsonNode batchLine = lines.stream()
                .filter(l -> l.get("event").asText().equals("forward_batch"))
                .findFirst()
                .orElseThrow();
        assertThat(batchLine.get("Stream").asText()).isEqualTo("changes");
        assertThat(batchLine.get("RecordsIn").asInt()).isEqualTo(2);
        assertThat(batchLine.get("RecordsPublished").asInt()).isEqualTo(1);
        assertThat(batchLine.get("RecordsQuarantined").asInt()).isEqualTo(1);
        assertThat(batchLine.get("RecordsFailed").asInt()).isZero();
        assertThat(batchLine.get("RecordsFiltered").asInt()).isZero();
        assertThat(batchLine.get("RecordsRetried").asInt()).isZero();
        assertThat(batchLine.get("IteratorAge").asLong()).isEqualTo(5_000); // clock 00:00:05, records 00:00:00
        JsonNode directive = batchLine.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("ScanPipeline/Forwarder");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Stream");
        List<String> metricNames = new ArrayList<>();
        directive.get("Metrics").forEach(m -> metricNames.add(m.get("Name").asText()));
        assertThat(metricNames)
                .containsExactly(
                        "RecordsIn",
                        "RecordsPublished",
                        "RecordsFiltered",
                        "RecordsRetried",
                        "RecordsFailed",
                        "RecordsQuarantined",
                        "IteratorAge");
        assertThat(batchLine.at("/_aws/Timestamp").asLong()).isPositive();
    }

    @Test
    void recordWithoutSequenceNumber_failsTheWholeInvocation_beforeAnythingIsSent() {
        DynamodbStreamRecord noSequence = insert("2", "E2", "a");
        noSequence.getDynamodb().setSequenceNumber(null);

        assertThatThrownBy(() -> service(config(), null)
                        .forward(event(insert("1", "E1", "a"), noSequence), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SequenceNumber");
        assertThat(kinesis.requests).isEmpty();
    }

    @Test
    void emptyEvent_isASuccessWithNothingSent() {
        ForwardResult result = service(config(), null).forward(event(), Duration.ofSeconds(10));

        assertThat(result.failedSequenceNumbers()).isEmpty();
        assertThat(result.stats().recordsIn()).isZero();
        assertThat(kinesis.requests).isEmpty();
    }

    private static ForwarderConfig config() {
        return ForwarderConfig.defaults("changes");
    }

    private static ForwarderConfig config(int maxRecordBytes) {
        return new ForwarderConfig(
                "changes",
                null,
                true,
                ForwarderConfig.DEFAULT_EVENT_NAMES,
                null,
                maxRecordBytes,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                null,
                null);
    }

    private ForwarderService service(ForwarderConfig config, Quarantine quarantine) {
        KinesisPublisher publisher = new KinesisPublisher(
                kinesis,
                config.streamName(),
                config.streamArn(),
                new Backoff(config.retryBaseBackoff(), config.retryMaxBackoff()),
                clock.sleeper(new ArrayList<>()),
                () -> 0.5);
        return new ForwarderService(config, publisher, quarantine, StructuredLog.to("test", logLines::add), clock);
    }
}
