package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forwards one batch of DynamoDB stream records to Kinesis; knows nothing of the Lambda runtime, so an integration
 * test can feed it records read with {@code GetRecords} (see {@link StreamRecords#toLambdaEvent}).
 *
 * <p>Records are handled strictly in event order. Each one is mapped to a {@link ChangeEnvelope}, filtered
 * ({@link RecordFilter}: left-out records count as processed), and either published ({@link KinesisPublisher}) or,
 * when it can never be published (unmappable, or larger than {@code MAX_RECORD_BYTES}), written to the
 * {@link Quarantine} with its reason. Without a quarantine such a record is a failure: nothing is dropped silently.
 *
 * <p>At the first record that is not handled (not published in time, a permanent Kinesis error, a quarantine that
 * failed or is missing) processing stops: that record and every record after it are reported as failed, and none of
 * the later ones is sent. Lambda retries the shard from the lowest reported sequence number, so one item's changes
 * are never published out of order, and every record before the first failure is done.
 */
public final class ForwarderService {

    private final ForwarderConfig config;
    private final EnvelopeMapper mapper;
    private final RecordFilter filter;
    private final KinesisPublisher publisher;
    private final Quarantine quarantine;
    private final StructuredLog log;
    private final Clock clock;

    /**
     * @param quarantine where unpublishable records go, or null to report them as failures
     */
    public ForwarderService(
            ForwarderConfig config, KinesisPublisher publisher, Quarantine quarantine, StructuredLog log, Clock clock) {
        this.config = config;
        this.mapper = new EnvelopeMapper();
        this.filter = RecordFilter.of(config);
        this.publisher = publisher;
        this.quarantine = quarantine;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Forwards {@code event}'s records within {@code remainingTime} less the configured safety margin, and logs one
     * line with the invocation's counts and metrics.
     *
     * @throws IllegalArgumentException when the event is not a DynamoDB stream event (no {@code Records}) or a
     *                                  record has no sequence number, so no failure could be reported for it
     */
    public ForwardResult forward(DynamodbEvent event, Duration remainingTime) {
        List<DynamodbStreamRecord> records = recordsOf(event);
        // measured on arrival, as Lambda's IteratorAge is: how far behind the stream this batch was when received
        Long iteratorAge = iteratorAge(records);
        Deadline deadline = Deadline.after(remainingTime.minus(config.deadlineSafetyMargin()), clock);
        Batch batch = new Batch(records, deadline);
        for (int i = 0; i < records.size() && batch.firstFailure < 0; i++) {
            handle(batch, i);
        }
        if (batch.firstFailure < 0) {
            flush(batch);
        }
        ForwardResult result = batch.result(iteratorAge);
        log(result);
        return result;
    }

    private void handle(Batch batch, int index) {
        DynamodbStreamRecord record = batch.records.get(index);
        String sequenceNumber = record.getDynamodb().getSequenceNumber();
        ChangeEnvelope envelope;
        try {
            envelope = mapper.map(record);
        } catch (RecordMappingException e) {
            reject(
                    batch,
                    index,
                    new QuarantineEntry(
                            tableOrNull(record),
                            sequenceNumber,
                            record.getEventID(),
                            "unmappable record: " + e.getMessage(),
                            null));
            return;
        }
        if (!filter.accepts(envelope)) {
            batch.filtered++;
            return;
        }
        OutgoingRecord outgoing = OutgoingRecord.of(envelope);
        if (outgoing.size() > config.maxRecordBytes()) {
            reject(
                    batch,
                    index,
                    new QuarantineEntry(
                            envelope.table(),
                            sequenceNumber,
                            record.getEventID(),
                            "envelope with partition key is " + outgoing.size() + " bytes, more than MAX_RECORD_BYTES="
                                    + config.maxRecordBytes(),
                            envelope));
            return;
        }
        batch.run.add(outgoing);
        batch.runIndexes.add(index);
    }

    /**
     * Handles a record that can never be published. The records before it are published first, so that a failure
     * among them still stops everything after them, this record included.
     */
    private void reject(Batch batch, int index, QuarantineEntry entry) {
        flush(batch);
        if (batch.firstFailure >= 0) {
            return;
        }
        if (quarantine == null) {
            batch.fail(index, entry.reason() + "; no QUARANTINE_BUCKET is configured, so it is reported as failed");
            return;
        }
        try {
            quarantine.put(entry);
            batch.quarantined++;
            log.warn("record_quarantined", Map.of("sequenceNumber", entry.sequenceNumber(), "reason", entry.reason()));
        } catch (RuntimeException e) {
            batch.fail(index, entry.reason() + "; the quarantine write failed: " + e);
        }
    }

    /** Publishes the records collected since the last flush. */
    private void flush(Batch batch) {
        if (batch.run.isEmpty()) {
            return;
        }
        PublishResult published = publisher.publish(batch.run, batch.deadline);
        batch.published += published.accepted();
        batch.retried += published.retried();
        if (!published.complete()) {
            batch.fail(batch.runIndexes.get(published.publishedPrefix()), published.failure());
        }
        batch.run.clear();
        batch.runIndexes.clear();
    }

    private static List<DynamodbStreamRecord> recordsOf(DynamodbEvent event) {
        if (event == null || event.getRecords() == null) {
            throw new IllegalArgumentException("not a DynamoDB stream event: it has no 'Records' array");
        }
        List<DynamodbStreamRecord> records = event.getRecords();
        for (DynamodbStreamRecord record : records) {
            if (record.getDynamodb() == null
                    || record.getDynamodb().getSequenceNumber() == null
                    || record.getDynamodb().getSequenceNumber().isEmpty()) {
                throw new IllegalArgumentException("stream record " + record.getEventID()
                        + " has no dynamodb.SequenceNumber; no batch item failure could name it");
            }
        }
        return records;
    }

    private static String tableOrNull(DynamodbStreamRecord record) {
        try {
            return EnvelopeMapper.tableFromArn(record.getEventSourceARN());
        } catch (RecordMappingException e) {
            return null;
        }
    }

    private Long iteratorAge(List<DynamodbStreamRecord> records) {
        Instant oldest = null;
        for (DynamodbStreamRecord record : records) {
            Instant created = EnvelopeMapper.creationTime(record.getDynamodb().getApproximateCreationDateTime());
            if (created != null && (oldest == null || created.isBefore(oldest))) {
                oldest = created;
            }
        }
        return oldest == null
                ? null
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis());
    }

    private void log(ForwardResult result) {
        Map<String, Object> fields = ForwarderMetrics.logFields(result.stats(), config.streamLabel(), clock.instant());
        if (result.failedSequenceNumbers().isEmpty()) {
            log.info("forward_batch", fields);
        } else {
            fields.put(
                    "firstFailedSequenceNumber", result.failedSequenceNumbers().get(0));
            fields.put("failureReason", result.failureReason());
            log.warn("forward_batch", fields);
        }
    }

    /** The state of one invocation. */
    private static final class Batch {
        final List<DynamodbStreamRecord> records;
        final List<OutgoingRecord> run = new ArrayList<>();
        final List<Integer> runIndexes = new ArrayList<>();
        final Deadline deadline;
        int firstFailure = -1;
        String failureReason;
        int published;
        int filtered;
        int retried;
        int quarantined;

        Batch(List<DynamodbStreamRecord> records, Deadline deadline) {
            this.records = records;
            this.deadline = deadline;
        }

        void fail(int index, String reason) {
            if (firstFailure < 0 || index < firstFailure) {
                firstFailure = index;
                failureReason = reason;
            }
        }

        ForwardResult result(Long iteratorAgeMillis) {
            List<String> failed = new ArrayList<>();
            if (firstFailure >= 0) {
                for (DynamodbStreamRecord record : records.subList(firstFailure, records.size())) {
                    failed.add(record.getDynamodb().getSequenceNumber());
                }
            }
            InvocationStats stats = new InvocationStats(
                    records.size(), published, filtered, retried, failed.size(), quarantined, iteratorAgeMillis);
            return new ForwardResult(failed, stats, failureReason);
        }
    }
}
