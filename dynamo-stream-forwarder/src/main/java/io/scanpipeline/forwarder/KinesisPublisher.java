package io.scanpipeline.forwarder;

import io.scanpipeline.core.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Publishes records to a Kinesis stream with {@code PutRecords}, in order, within a {@link Deadline}.
 *
 * <p>Contract of {@link #publish}:
 * <ul>
 *   <li>Records go out in chunks of at most {@value #MAX_RECORDS_PER_CALL} records and {@value #MAX_BYTES_PER_CALL}
 *       bytes (data plus partition keys), and at most one record per partition key. The last rule keeps one item's
 *       changes in order: Kinesis stores the entries of one call in no guaranteed order, and resending a failed
 *       entry after a later one of the same key succeeded would invert them.</li>
 *   <li>A chunk is resent only in its failed entries (those with an {@code errorCode}), after an exponential
 *       backoff with full jitter; a whole-call failure (throttling, 5xx, I/O) is retried the same way. Each call's
 *       SDK timeout is the time left, so nothing runs past the deadline.</li>
 *   <li>The next chunk is sent only once the current one is fully published. When a chunk cannot be completed
 *       (time is up, or an error that retrying cannot fix) publishing stops: the result names the first record not
 *       published, and nothing after it is sent.</li>
 * </ul>
 * Entries after the first failure in the same chunk may have been accepted; they are published again when the
 * batch is retried, with the same event id, which downstream deduplicates.
 */
public final class KinesisPublisher {

    /** PutRecords' limit on entries per call. */
    public static final int MAX_RECORDS_PER_CALL = 500;
    /** PutRecords' limit on one call: data plus partition keys of all entries (5 MiB). */
    public static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;

    /** Entry error codes that a later attempt can succeed on; any other code is permanent. */
    static final Set<String> RETRYABLE_ERROR_CODES =
            Set.of("ProvisionedThroughputExceededException", "InternalFailure", "KMSThrottlingException");

    private final KinesisClient kinesis;
    private final String streamName;
    private final String streamArn;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /**
     * @param streamName target stream name, or null when {@code streamArn} is given
     * @param streamArn  target stream ARN, or null
     * @param random     uniform random numbers in [0, 1) for the jitter
     */
    public KinesisPublisher(
            KinesisClient kinesis,
            String streamName,
            String streamArn,
            Backoff backoff,
            Sleeper sleeper,
            DoubleSupplier random) {
        if ((streamName == null) == (streamArn == null)) {
            throw new IllegalArgumentException("give exactly one of stream name and stream ARN");
        }
        this.kinesis = kinesis;
        this.streamName = streamName;
        this.streamArn = streamArn;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** A publisher for the configured stream that really sleeps and uses real randomness. */
    public static KinesisPublisher create(KinesisClient kinesis, ForwarderConfig config) {
        return new KinesisPublisher(
                kinesis,
                config.streamName(),
                config.streamArn(),
                new Backoff(config.retryBaseBackoff(), config.retryMaxBackoff()),
                Sleeper.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Publishes {@code records} in order; see the class comment.
     *
     * @throws IllegalArgumentException if a record exceeds Kinesis' 1 MiB (callers quarantine those first)
     */
    public PublishResult publish(List<OutgoingRecord> records, Deadline deadline) {
        for (OutgoingRecord record : records) {
            if (record.size() > ForwarderConfig.KINESIS_MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("record " + record.sequenceNumber() + " has " + record.size()
                        + " bytes, more than Kinesis accepts");
            }
        }
        Counters counters = new Counters();
        int start = 0;
        while (start < records.size()) {
            int end = chunkEnd(records, start);
            List<OutgoingRecord> chunk = records.subList(start, end);
            int firstUnpublished = sendChunk(chunk, deadline, counters);
            if (firstUnpublished >= 0) {
                return new PublishResult(
                        start + firstUnpublished,
                        counters.accepted,
                        counters.retried,
                        counters.calls,
                        counters.failure);
            }
            start = end;
        }
        return new PublishResult(records.size(), counters.accepted, counters.retried, counters.calls, null);
    }

    /** The end (exclusive) of the chunk that starts at {@code start}. */
    static int chunkEnd(List<OutgoingRecord> records, int start) {
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        int end = start;
        while (end < records.size() && end - start < MAX_RECORDS_PER_CALL) {
            OutgoingRecord record = records.get(end);
            if (bytes + record.size() > MAX_BYTES_PER_CALL || !keys.add(record.partitionKey())) {
                break;
            }
            bytes += record.size();
            end++;
        }
        return end;
    }

    /** Sends one chunk until done or hopeless; returns the offset of its first unpublished record, or -1. */
    private int sendChunk(List<OutgoingRecord> chunk, Deadline deadline, Counters counters) {
        boolean[] published = new boolean[chunk.size()];
        List<Integer> pending = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            pending.add(i);
        }
        String lastError = null;
        for (int retry = 0; ; retry++) {
            if (deadline.isExpired()) {
                counters.failure = "time budget exhausted" + (lastError == null ? "" : "; last error: " + lastError);
                break;
            }
            if (retry > 0) {
                counters.retried += pending.size();
            }
            counters.calls++;
            try {
                PutRecordsResponse response = kinesis.putRecords(request(chunk, pending, deadline.remaining()));
                EntryOutcome outcome = readEntries(response, pending, published);
                counters.accepted += pending.size() - outcome.failed().size();
                pending = outcome.failed();
                lastError = outcome.lastError();
                if (pending.isEmpty()) {
                    break;
                }
                if (outcome.permanent()) {
                    counters.failure = "entry failed permanently: " + lastError;
                    break;
                }
            } catch (SdkException e) {
                lastError = describe(e);
                if (!isRetryable(e)) {
                    counters.failure = "PutRecords failed permanently: " + lastError;
                    break;
                }
            }
            Duration wait = backoff.delay(retry + 1, random.getAsDouble());
            if (!deadline.allows(wait)) {
                counters.failure = "time budget exhausted after " + counters.calls + " calls; last error: " + lastError;
                break;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counters.failure = "interrupted while backing off; last error: " + lastError;
                break;
            }
        }
        for (int i = 0; i < published.length; i++) {
            if (!published[i]) {
                return i;
            }
        }
        return -1;
    }

    private record EntryOutcome(List<Integer> failed, String lastError, boolean permanent) {}

    private static EntryOutcome readEntries(PutRecordsResponse response, List<Integer> pending, boolean[] published) {
        List<PutRecordsResultEntry> entries = response.records();
        if (entries.size() != pending.size()) {
            // the response cannot be matched to the request: assume nothing was stored and send it all again
            return new EntryOutcome(
                    pending, "response has " + entries.size() + " entries for " + pending.size() + " sent", false);
        }
        List<Integer> failed = new ArrayList<>();
        String lastError = null;
        boolean permanent = false;
        for (int i = 0; i < entries.size(); i++) {
            PutRecordsResultEntry entry = entries.get(i);
            if (entry.errorCode() == null) {
                published[pending.get(i)] = true;
            } else {
                failed.add(pending.get(i));
                lastError = entry.errorCode() + ": " + entry.errorMessage();
                permanent |= !RETRYABLE_ERROR_CODES.contains(entry.errorCode());
            }
        }
        return new EntryOutcome(failed, lastError, permanent);
    }

    private PutRecordsRequest request(List<OutgoingRecord> chunk, List<Integer> pending, Duration timeLeft) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(pending.size());
        for (int index : pending) {
            OutgoingRecord record = chunk.get(index);
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(record.partitionKey())
                    .data(record.data())
                    .build());
        }
        return PutRecordsRequest.builder()
                .streamName(streamName)
                .streamARN(streamArn)
                .records(entries)
                // bounds the SDK's own retries too, so one call cannot outlive the invocation's budget
                .overrideConfiguration(o -> o.apiCallTimeout(timeLeft))
                .build();
    }

    /** Whether a failed call may succeed if sent again: throttling, server errors, and I/O or timeouts. */
    static boolean isRetryable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException()
                    || service.statusCode() >= 500
                    || service instanceof ProvisionedThroughputExceededException
                    || service instanceof KmsThrottlingException;
        }
        return e instanceof SdkClientException;
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static final class Counters {
        int accepted;
        int retried;
        int calls;
        String failure;
    }
}
