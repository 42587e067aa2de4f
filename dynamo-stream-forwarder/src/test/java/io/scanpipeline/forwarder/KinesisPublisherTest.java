package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.InternalFailureException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** Fault behaviour of {@link KinesisPublisher} against {@link FakeKinesis}, a stand-in for the service. */
class KinesisPublisherTest {

    private static final String THROTTLED = "ProvisionedThroughputExceededException";

    private final FakeClock clock = new FakeClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(20));
    private final List<Duration> waits = new ArrayList<>();
    private final KinesisPublisher publisher = new KinesisPublisher(
            kinesis,
            "changes",
            null,
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)),
            clock.sleeper(waits),
            () -> 0.5);

    @Test
    void partialFailures_resendOnlyTheFailedEntries_andEveryRecordIsStoredOnce() {
        List<OutgoingRecord> records = distinctKeys(10);
        kinesis.answering((call, entries) -> switch (call) {
            case 1 -> codesFailing(entries, Map.of(2, THROTTLED, 5, THROTTLED, 7, "InternalFailure"));
            case 2 -> codesFailing(entries, Map.of(0, THROTTLED)); // record 2 fails a second time
            default -> FakeKinesis.ACCEPT_ALL.errorCodes(call, entries);
        });

        PublishResult result = publisher.publish(records, Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(result.complete()).isTrue();
        assertThat(result.publishedPrefix()).isEqualTo(10);
        assertThat(kinesis.requests)
                .extracting(r -> keysOf(r))
                .containsExactly(keys(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), keys(2, 5, 7), keys(2));
        assertThat(kinesis.stored)
                .extracting(PutRecordsRequestEntry::partitionKey)
                .containsExactlyInAnyOrderElementsOf(keys(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(result.retried()).isEqualTo(4);
        assertThat(result.accepted()).isEqualTo(10);
    }

    @Test
    void changesOfOneKey_stayInOrder_evenWhenTheFirstIsThrottled() {
        // A1 B1 A2 C1 A3 B2: one call may hold each key once, so A2 waits until A1 is stored
        List<OutgoingRecord> records = List.of(
                record("1", "A"),
                record("2", "B"),
                record("3", "A"),
                record("4", "C"),
                record("5", "A"),
                record("6", "B"));
        kinesis.answering((call, entries) -> call <= 2
                ? codesFailing(entries, Map.of(0, THROTTLED))
                : FakeKinesis.ACCEPT_ALL.errorCodes(call, entries));

        PublishResult result = publisher.publish(records, Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(result.complete()).isTrue();
        Map<String, List<String>> perKey = kinesis.stored.stream()
                .collect(Collectors.groupingBy(
                        PutRecordsRequestEntry::partitionKey,
                        Collectors.mapping(e -> e.data().asUtf8String(), Collectors.toList())));
        assertThat(perKey.get("A")).containsExactly("1", "3", "5");
        assertThat(perKey.get("B")).containsExactly("2", "6");
        assertThat(kinesis.stored).hasSize(6);
    }

    @Test
    void wholeCallThrottlingAndServerErrors_areRetried_untilStored() {
        kinesis.answering((call, entries) -> {
            if (call == 1) {
                throw serviceError(ProvisionedThroughputExceededException.builder(), THROTTLED, 400);
            }
            if (call == 2) {
                throw serviceError(InternalFailureException.builder(), "InternalFailure", 500);
            }
            return FakeKinesis.ACCEPT_ALL.errorCodes(call, entries);
        });

        PublishResult result = publisher.publish(distinctKeys(3), Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(result.complete()).isTrue();
        assertThat(kinesis.requests).hasSize(3);
        assertThat(kinesis.stored).hasSize(3);
    }

    @Test
    void persistentThrottling_stopsAtTheDeadline_andReportsTheFirstRecordAsUnpublished() {
        kinesis.answering((call, entries) -> Collections.nCopies(entries.size(), THROTTLED));
        Instant start = clock.instant();

        PublishResult result = publisher.publish(distinctKeys(5), Deadline.after(Duration.ofSeconds(3), clock));

        assertThat(result.complete()).isFalse();
        assertThat(result.publishedPrefix()).isZero();
        assertThat(result.failure()).contains("time budget exhausted").contains(THROTTLED);
        assertThat(kinesis.stored).isEmpty();
        assertThat(kinesis.requests.size()).isGreaterThan(3);
        // it gave up rather than sleep past the budget (the last call may take its 20 ms latency beyond it; on AWS
        // the call's apiCallTimeout cuts that short)
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(Duration.ofMillis(3020));
    }

    @Test
    void backoff_isExponentialWithFullJitter_andCapped() {
        kinesis.answering((call, entries) -> Collections.nCopies(entries.size(), THROTTLED));

        publisher.publish(distinctKeys(1), Deadline.after(Duration.ofSeconds(10), clock));

        // the fake random number is 0.5: each wait is half its cap; caps 100, 200, 400, 800, 1600, 2000 (max) ms
        assertThat(waits.subList(0, 6))
                .containsExactly(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1000));
    }

    @Test
    void laterChunks_areNotSent_whenAnEarlierChunkFails() {
        kinesis.answering((call, entries) -> Collections.nCopies(entries.size(), THROTTLED));
        List<OutgoingRecord> records = List.of(record("1", "A"), record("2", "A"));

        PublishResult result = publisher.publish(records, Deadline.after(Duration.ofSeconds(1), clock));

        assertThat(result.publishedPrefix()).isZero();
        assertThat(kinesis.requests)
                .allSatisfy(r -> assertThat(r.records())
                        .extracting(e -> e.data().asUtf8String())
                        .containsExactly("1"));
    }

    @Test
    void permanentEntryError_stopsAtOnce_withoutWaitingForTheDeadline() {
        kinesis.answering((call, entries) -> codesFailing(entries, Map.of(1, "KMSAccessDeniedException")));

        PublishResult result = publisher.publish(distinctKeys(3), Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(result.publishedPrefix()).isEqualTo(1);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.failure()).contains("permanently").contains("KMSAccessDeniedException");
        assertThat(kinesis.requests).hasSize(1);
    }

    @Test
    void nonRetryableCallFailure_stopsAtOnce() {
        kinesis.answering((call, entries) -> {
            throw serviceError(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400);
        });

        PublishResult result = publisher.publish(distinctKeys(2), Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(result.publishedPrefix()).isZero();
        assertThat(result.failure()).contains("ResourceNotFoundException");
        assertThat(kinesis.requests).hasSize(1);
    }

    @Test
    void expiredDeadline_sendsNothing() {
        PublishResult result = publisher.publish(distinctKeys(2), Deadline.after(Duration.ofMillis(-1), clock));

        assertThat(result.complete()).isFalse();
        assertThat(kinesis.requests).isEmpty();
    }

    @Test
    void eachCall_isBoundedByTheTimeLeft_soSdkRetriesCannotOutliveTheInvocation() {
        publisher.publish(distinctKeys(1), Deadline.after(Duration.ofSeconds(3), clock));

        assertThat(kinesis.requests.get(0).overrideConfiguration().orElseThrow().apiCallTimeout())
                .contains(Duration.ofSeconds(3));
    }

    @Test
    void chunks_holdAtMost500Records() {
        PublishResult result = publisher.publish(distinctKeys(1201), Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(result.complete()).isTrue();
        assertThat(kinesis.requests).extracting(r -> r.records().size()).containsExactly(500, 500, 201);
        assertThat(kinesis.stored).hasSize(1201);
    }

    @Test
    void chunks_holdAtMost5MiB_countingPartitionKeys() {
        byte[] almostOneMiB = new byte[1_000_000];
        List<OutgoingRecord> records = IntStream.range(0, 12)
                .mapToObj(i -> new OutgoingRecord(
                        Integer.toString(i), "id" + i, "key-" + i, SdkBytes.fromByteArray(almostOneMiB)))
                .toList();

        publisher.publish(records, Deadline.after(Duration.ofSeconds(10), clock));

        assertThat(kinesis.requests).extracting(r -> r.records().size()).containsExactly(5, 5, 2);
        assertThat(kinesis.requests)
                .allSatisfy(r -> assertThat(r.records().stream()
                                .mapToLong(e -> e.data().asByteArrayUnsafe().length
                                        + e.partitionKey().length())
                                .sum())
                        .isLessThanOrEqualTo(KinesisPublisher.MAX_BYTES_PER_CALL));
    }

    @Test
    void recordOverTheKinesisLimit_isRefused_forTheCallerToQuarantine() {
        OutgoingRecord tooLarge = new OutgoingRecord(
                "1", "id", "k", SdkBytes.fromByteArray(new byte[ForwarderConfig.KINESIS_MAX_RECORD_BYTES]));

        assertThatThrownBy(() -> publisher.publish(List.of(tooLarge), Deadline.after(Duration.ofSeconds(1), clock)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kinesis.requests).isEmpty();
    }

    @Test
    void streamArn_isSentInsteadOfTheName() {
        String arn = "arn:aws:kinesis:us-east-1:123456789012:stream/changes";
        new KinesisPublisher(
                        kinesis,
                        null,
                        arn,
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                        clock.sleeper(waits),
                        () -> 0.5)
                .publish(distinctKeys(1), Deadline.after(Duration.ofSeconds(1), clock));

        assertThat(kinesis.requests.get(0).streamARN()).isEqualTo(arn);
        assertThat(kinesis.requests.get(0).streamName()).isNull();
    }

    private static List<OutgoingRecord> distinctKeys(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> record(Integer.toString(i), "k" + i))
                .toList();
    }

    /** A record whose data is its sequence number, so tests can read the order back. */
    private static OutgoingRecord record(String sequenceNumber, String partitionKey) {
        return new OutgoingRecord(
                sequenceNumber,
                "id-" + sequenceNumber,
                partitionKey,
                SdkBytes.fromString(sequenceNumber, StandardCharsets.UTF_8));
    }

    private static List<String> keys(int... indexes) {
        return Arrays.stream(indexes).mapToObj(i -> "k" + i).toList();
    }

    private static List<String> keysOf(PutRecordsRequest request) {
        return request.records().stream()
                .map(PutRecordsRequestEntry::partitionKey)
                .toList();
    }

    private static List<String> codesFailing(List<PutRecordsRequestEntry> entries, Map<Integer, String> failures) {
        List<String> codes = new ArrayList<>(Collections.nCopies(entries.size(), null));
        failures.forEach(codes::set);
        return codes;
    }

    private static AwsServiceException serviceError(AwsServiceException.Builder builder, String code, int status) {
        builder.awsErrorDetails(AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage("fake " + code)
                .build());
        builder.statusCode(status);
        return builder.build();
    }
}
