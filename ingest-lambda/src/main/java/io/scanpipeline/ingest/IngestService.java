package io.scanpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.EmfMetrics;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.item.RecordRejectedException;
import io.scanpipeline.ingest.quarantine.Quarantine;
import io.scanpipeline.ingest.quarantine.QuarantineEntry;
import io.scanpipeline.ingest.quarantine.RejectReason;
import io.scanpipeline.ingest.read.MalformedInput;
import io.scanpipeline.ingest.read.ReadSummary;
import io.scanpipeline.ingest.read.RecordReader;
import io.scanpipeline.ingest.read.RecordVisitor;
import io.scanpipeline.ingest.read.SourceRecord;
import io.scanpipeline.ingest.reingest.Reingest;
import io.scanpipeline.ingest.snapshot.DynamoScopeHeads;
import io.scanpipeline.ingest.snapshot.DynamoScopeIndex;
import io.scanpipeline.ingest.snapshot.ScanOrder;
import io.scanpipeline.ingest.snapshot.ScopeHeads;
import io.scanpipeline.ingest.snapshot.ScopeRetirement;
import io.scanpipeline.ingest.snapshot.SnapshotOutcome;
import io.scanpipeline.ingest.snapshot.SnapshotPass;
import io.scanpipeline.ingest.write.ItemWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Ingests one S3 object: streams it, turns each record into an item, writes the items, quarantines what cannot be
 * stored, and reports. Knows nothing of Lambda.
 *
 * <p>Ordering of versions: before reading a version the service asks S3 for the key's current version; when a
 * newer version exists, this one is skipped ({@link ObjectReport.Outcome#SKIPPED_SUPERSEDED}): its event came late
 * and the newer version's event writes the newer data. When a newer version appears while this one is being
 * written, the service ingests that newer version right after, so the last writes are always the newest data.
 * Every item carries {@code _source} (bucket, key, versionId, sequencer, record index); an unchanged redelivery
 * writes identical items, which DynamoDB Streams does not even report as changes.
 */
public final class IngestService {

    private static final int MAX_CATCH_UP = 3;

    private final IngestConfig config;
    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final Quarantine quarantine;
    private final StructuredLog log;
    private final ItemBuilder itemBuilder;
    private final VersionLedger ledger;
    private final Continuations continuations;
    private final Optional<ScopeHeads> heads;

    /** Index pages retirement reads at a time (item keys only: a page is a few hundred KB at most). */
    static final int RETIRE_PAGE_SIZE = 500;

    public IngestService(
            IngestConfig config, S3Client s3, DynamoDbClient dynamo, Quarantine quarantine, StructuredLog log) {
        this.config = config.requireScopeTableForSnapshots();
        this.s3 = s3;
        this.dynamo = dynamo;
        this.quarantine = quarantine;
        this.log = log;
        this.itemBuilder = new ItemBuilder();
        this.ledger = new VersionLedger(s3, config.quarantineBucket(), config.statePrefix());
        this.continuations = new Continuations(s3, config.continuationPrefix());
        this.heads = config.scopeTable().map(table -> new DynamoScopeHeads(dynamo, table));
    }

    /** Where pieces of files that did not finish before a deadline are continued. */
    public Continuations continuations() {
        return continuations;
    }

    /** The configuration. */
    public IngestConfig config() {
        return config;
    }

    /**
     * Ingests the object named by an event.
     *
     * @throws RetryableIngestException when some records could not be written or quarantined: retry the event
     */
    public ObjectReport ingest(SourceObject object) throws InterruptedException {
        return ingest(object, 0, () -> false);
    }

    /**
     * Ingests the object from record {@code resumeAt} on (the records before it were written by an earlier
     * invocation), stopping cleanly at a record boundary once {@code outOfTime} says so: the records read until then
     * are written, and the report is {@link ObjectReport.Outcome#PARTIAL} with the index to resume at. Records are
     * numbered by the reader, so the same file always gives the same numbers and a resumed or repeated pass writes
     * identical items.
     *
     * @throws RetryableIngestException when some records could not be written or quarantined: retry the event
     */
    public ObjectReport ingest(SourceObject object, long resumeAt, BooleanSupplier outOfTime)
            throws InterruptedException {
        return ingest(object, resumeAt, 0, outOfTime);
    }

    /**
     * As {@link #ingest(SourceObject, long, BooleanSupplier)}, for a piece after earlier pieces that quarantined
     * {@code quarantinedBefore} records (a snapshot scan with any quarantined record retires nothing).
     */
    public ObjectReport ingest(SourceObject object, long resumeAt, long quarantinedBefore, BooleanSupplier outOfTime)
            throws InterruptedException {
        ObjectReport report = null;
        RetryableIngestException failure = null;
        try {
            report = ingestOnce(object, false, resumeAt, quarantinedBefore, outOfTime);
            if (report.outcome() == ObjectReport.Outcome.PARTIAL) {
                return report; // the catch-up runs when the last piece is done
            }
        } catch (RetryableIngestException e) {
            // a pass that failed may still have written some of its (older) records over a newer version's items:
            // the catch-up below must run all the same, and the failure is reported after it
            failure = e;
        }
        boolean wrote = failure != null || report.outcome() == ObjectReport.Outcome.INGESTED;
        for (int i = 0; i < MAX_CATCH_UP && wrote && object.versionId().isPresent(); i++) {
            Optional<String> current = currentVersion(object);
            if (current.isEmpty() || current.equals(object.versionId())) {
                break;
            }
            log.info(
                    "newer_version_during_ingest",
                    Map.of(
                            "object",
                            object.uri(),
                            "currentVersion",
                            current.get(),
                            "olderPassFailed",
                            failure != null));
            object = object.withVersion(current.get(), null);
            wrote = ingestOnce(object, true, 0, 0, () -> false).outcome() == ObjectReport.Outcome.INGESTED;
        }
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    /**
     * Ingests a version without its event (the {@link Reingest} command, after a rule change or to backfill): as a
     * catch-up pass does, it takes the version's sequencer from the {@link VersionLedger} where the version's own
     * event recorded it, so the items are exactly what that event wrote, and it records nothing itself. A version
     * that is no longer current is skipped as for an event.
     *
     * @throws RetryableIngestException when some records could not be written or quarantined: run it again
     */
    public ObjectReport reingest(SourceObject object) throws InterruptedException {
        return ingestOnce(object, true, 0, 0, () -> false);
    }

    /**
     * One pass over one version. A catch-up pass ({@code catchUp}) names a version that arrived during another
     * pass, without its event: its sequencer comes from the {@link VersionLedger}, where that version's own event
     * recorded it. When that event has not been seen yet, the catch-up writes without a sequencer and the event's
     * own pass, which then runs later, writes the newest data last again.
     */
    private ObjectReport ingestOnce(
            SourceObject object, boolean catchUp, long resumeAt, long quarantinedBefore, BooleanSupplier outOfTime)
            throws InterruptedException {
        long start = System.nanoTime();
        if (isQuarantineObject(object)) {
            return logged(ObjectReport.skipped(
                    object,
                    ObjectReport.Outcome.SKIPPED_QUARANTINE_OBJECT,
                    since(start),
                    "objects under " + config.quarantinePrefix() + " are quarantine output"));
        }
        if (object.versionId().isPresent()) {
            Optional<String> current = currentVersion(object);
            if (current.isPresent() && !current.equals(object.versionId())) {
                return logged(ObjectReport.skipped(
                        object,
                        ObjectReport.Outcome.SKIPPED_SUPERSEDED,
                        since(start),
                        "superseded by version " + current.get()));
            }
        }
        if (catchUp) {
            Optional<String> sequencer = ledger.sequencerOf(object);
            return sequencer.isEmpty()
                    ? read(object, start, 0, 0, outOfTime)
                    : read(
                            object.withVersion(object.versionId().orElseThrow(), sequencer.get()),
                            start,
                            0,
                            0,
                            outOfTime);
        }
        if (resumeAt == 0) {
            ledger.remember(object);
        }
        return read(object, start, resumeAt, quarantinedBefore, outOfTime);
    }

    private ObjectReport read(
            SourceObject object, long start, long resumeAt, long quarantinedBefore, BooleanSupplier outOfTime)
            throws InterruptedException {
        IngestRule rule = config.ruleFor(object.key());
        GetObjectRequest.Builder get =
                GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
        object.versionId().ifPresent(get::versionId);
        Backoff backoff = new Backoff(config.backoffBase(), config.backoffMax(), config.writeMaxAttempts());
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get.build());
                Quarantine.Sink rejects = quarantine.open(object, resumeAt);
                ItemWriter writer = new ItemWriter(
                        dynamo,
                        rule.target().table(),
                        config.writeConcurrency(),
                        backoff,
                        (item, message) -> reject(
                                rejects,
                                object,
                                item.recordIndex(),
                                RejectReason.REJECTED_BY_DYNAMODB,
                                "",
                                "DynamoDB rejected the item: " + message,
                                null),
                        rule.snapshot().isPresent())) {
            SnapshotPass snapshot = rule.snapshot().isEmpty()
                    ? null
                    : new SnapshotPass(
                            rule,
                            object,
                            ScanOrder.of(
                                    in.response().lastModified() == null
                                            ? java.time.Instant.EPOCH
                                            : in.response().lastModified(),
                                    object),
                            heads.orElseThrow());
            if (snapshot != null) {
                snapshot.open();
            }
            RecordReader reader = new RecordReader(rule.recordPaths(), rule.format(), config.readLimits());
            ObjectVisitor visitor = new ObjectVisitor(object, rule, writer, rejects, resumeAt, outOfTime, snapshot);
            long records;
            long bytes;
            long stoppedAt = -1;
            try {
                ReadSummary read = reader.read(in, visitor);
                records = read.records();
                bytes = read.bytesRead();
            } catch (StopBeforeDeadline stop) {
                stoppedAt = stop.resumeAt;
                records = stop.resumeAt;
                bytes = -1;
            }
            visitor.rethrow();
            ItemWriter.Summary written = writer.finish();
            String quarantineUri = rejects.commit();
            SnapshotOutcome retired = null;
            if (snapshot != null) {
                retired = finishSnapshot(
                        snapshot, rule, written, stoppedAt, rejects.count() + quarantinedBefore, outOfTime);
                if (stoppedAt < 0 && "PENDING".equals(retired.retirement())) {
                    stoppedAt = records; // every record is written; the next piece only goes on retiring
                }
            }
            ObjectReport report = new ObjectReport(
                    object,
                    stoppedAt < 0 ? ObjectReport.Outcome.INGESTED : ObjectReport.Outcome.PARTIAL,
                    records,
                    written.written(),
                    written.merged(),
                    rejects.count(),
                    bytes,
                    since(start),
                    quarantineUri,
                    stoppedAt < 0
                            ? null
                            : "stopped before the deadline; resume at record " + stoppedAt
                                    + (resumeAt > 0 ? " (this piece began at record " + resumeAt + ")" : ""),
                    stoppedAt,
                    retired);
            logged(report);
            if (written.failed() > 0) {
                throw new RetryableIngestException(
                        object.uri() + ": " + written.failed() + " items not written after every retry ("
                                + written.lastError() + ")",
                        null);
            }
            return report;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                String code = e.awsErrorDetails() == null
                        ? "404"
                        : e.awsErrorDetails().errorCode();
                return logged(ObjectReport.skipped(
                        object,
                        ObjectReport.Outcome.SKIPPED_GONE,
                        since(start),
                        code + ": the object or version no longer exists"));
            }
            throw new RetryableIngestException(object.uri() + ": S3 error " + e.getMessage(), e);
        } catch (IOException | SdkException e) {
            throw new RetryableIngestException(object.uri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Retires in the scan's scopes only when the scan is complete: every record written (no item left failed), the
     * last piece, and no record quarantined, in this piece or an earlier one. A quarantined record may be one whose
     * key (or scope) is unknown, and even one with a known key is a finding the scanner still reports: retiring its
     * old item would show it fixed. Such a scan writes what it can and retires nothing; the next clean scan does.
     */
    private SnapshotOutcome finishSnapshot(
            SnapshotPass snapshot,
            IngestRule rule,
            ItemWriter.Summary written,
            long stoppedAt,
            long quarantined,
            BooleanSupplier outOfTime)
            throws InterruptedException {
        if (written.failed() > 0) {
            return snapshot.withoutRetirement(
                    written.stale(), "WRITE_INCOMPLETE: " + written.failed() + " items not written; the retry retires");
        }
        if (stoppedAt >= 0) {
            return snapshot.withoutRetirement(written.stale(), "PARTIAL: retires after the last piece");
        }
        if (quarantined > 0) {
            SnapshotOutcome outcome = snapshot.withoutRetirement(
                    written.stale(),
                    "QUARANTINED: " + quarantined
                            + " record(s) of this scan were quarantined, so it is not known to be complete");
            log.warn(
                    "retirement_skipped",
                    Map.of("object", snapshot.object().uri(), "scan", snapshot.scan(), "reason", outcome.retirement()));
            return outcome;
        }
        try (ScopeRetirement retirement = new ScopeRetirement(
                new DynamoScopeIndex(dynamo, rule.target()), RETIRE_PAGE_SIZE, config.writeConcurrency())) {
            return snapshot.retire(retirement, written.stale(), outOfTime, log);
        }
    }

    private boolean isQuarantineObject(SourceObject object) {
        boolean sameBucket =
                config.quarantineBucket().map(b -> b.equals(object.bucket())).orElse(true);
        return sameBucket && object.key().startsWith(config.quarantinePrefix());
    }

    private Optional<String> currentVersion(SourceObject object) {
        try {
            HeadObjectResponse head =
                    s3.headObject(r -> r.bucket(object.bucket()).key(object.key()));
            return Optional.ofNullable(head.versionId());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new RetryableIngestException(
                    object.uri() + ": cannot read the current version: " + e.getMessage(), e);
        }
    }

    /** Receives records from the reader; runs on the reading thread. */
    private final class ObjectVisitor implements RecordVisitor {
        private final SourceObject object;
        private final IngestRule rule;
        private final ItemWriter writer;
        private final Quarantine.Sink rejects;
        private Exception failure;

        private final long resumeAt;
        private final BooleanSupplier outOfTime;
        private final SnapshotPass snapshot;

        ObjectVisitor(
                SourceObject object,
                IngestRule rule,
                ItemWriter writer,
                Quarantine.Sink rejects,
                long resumeAt,
                BooleanSupplier outOfTime,
                SnapshotPass snapshot) {
            this.snapshot = snapshot;
            this.object = object;
            this.rule = rule;
            this.writer = writer;
            this.rejects = rejects;
            this.resumeAt = resumeAt;
            this.outOfTime = outOfTime;
        }

        @Override
        public void record(SourceRecord record) {
            if (failure != null) {
                return;
            }
            if (record.index() < resumeAt) { // written by an earlier piece
                if (snapshot != null) {
                    claimScope(record); // the last piece retires in every scope of the scan, not only its own
                }
                return;
            }
            if (record.index() > resumeAt && outOfTime.getAsBoolean()) {
                throw new StopBeforeDeadline(record.index()); // every piece makes progress: at least one record
            }
            try {
                ItemBuilder.BuiltItem built =
                        itemBuilder.build(rule, record.value(), record.context(), object, record.index());
                if (snapshot != null) {
                    built = snapshot.tag(built, record.value(), record.context());
                    if (built == null) {
                        return; // a newer scan of its scope has started: counted as superseded, not written
                    }
                }
                writer.add(built);
            } catch (RecordRejectedException e) {
                failure = quarantineRecord(record, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private void claimScope(SourceRecord record) {
            try {
                snapshot.claim(record.value(), record.context());
            } catch (RecordRejectedException e) {
                // quarantined by the piece that read it, which blocks retirement through quarantinedBefore
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private Exception quarantineRecord(SourceRecord record, RecordRejectedException e) {
            try {
                QuarantineEntry entry = new QuarantineEntry(
                        object,
                        record.index(),
                        record.byteOffset(),
                        record.line(),
                        e.reason(),
                        e.field(),
                        object.uri() + " record " + record.index() + ": " + e.getMessage(),
                        small(record.value()),
                        small(record.value()) == null ? excerpt(record.value()) : null,
                        small(record.context()));
                rejects.add(entry);
                return null;
            } catch (IOException io) {
                return io;
            }
        }

        @Override
        public void malformed(MalformedInput problem) {
            // a piece that resumes skips what the earlier pieces reported: problems up to its first record
            if (failure != null || (resumeAt > 0 && problem.recordIndex() <= resumeAt)) {
                return;
            }
            RejectReason reason = problem.kind();
            String where = problem.byteOffset() >= 0 ? " at byte " + problem.byteOffset() : "";
            try {
                rejects.add(new QuarantineEntry(
                        object,
                        problem.recordIndex(),
                        problem.byteOffset(),
                        problem.line(),
                        reason,
                        "",
                        object.uri() + where + ": " + problem.reason(),
                        null,
                        problem.rawExcerpt()));
            } catch (IOException e) {
                failure = e;
            }
        }

        void rethrow() throws IOException, InterruptedException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof InterruptedException ie) {
                throw ie;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
        }
    }

    /** Thrown by the visitor out of the reader to stop at a record boundary; never leaves this class. */
    private static final class StopBeforeDeadline extends RuntimeException {
        private final long resumeAt;

        StopBeforeDeadline(long resumeAt) {
            super("stopped before the deadline at record " + resumeAt, null, false, false);
            this.resumeAt = resumeAt;
        }
    }

    private void reject(
            Quarantine.Sink rejects,
            SourceObject object,
            long index,
            RejectReason reason,
            String field,
            String message,
            JsonNode raw) {
        try {
            rejects.add(new QuarantineEntry(
                    object,
                    index,
                    -1,
                    -1,
                    reason,
                    field,
                    object.uri() + " record " + index + ": " + message,
                    raw,
                    null));
        } catch (IOException e) {
            throw new RetryableIngestException(object.uri() + ": cannot quarantine record " + index, e);
        }
    }

    private JsonNode small(JsonNode record) {
        try {
            return Json.mapper().writeValueAsBytes(record).length <= config.quarantineRawMaxBytes() ? record : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String excerpt(JsonNode record) {
        String text = record.toString();
        return text.length() <= 1024 ? text : text.substring(0, 1024) + "...";
    }

    private ObjectReport logged(ObjectReport report) {
        EmfMetrics emf = new EmfMetrics("ScanPipeline/Ingest")
                .dimension(
                        "Table", config.ruleFor(report.source().key()).target().table())
                .metric("RecordsRead", report.recordsRead(), EmfMetrics.Unit.Count)
                .metric("ItemsWritten", report.itemsWritten(), EmfMetrics.Unit.Count)
                .metric("RecordsMerged", report.merged(), EmfMetrics.Unit.Count)
                .metric("RecordsQuarantined", report.quarantined(), EmfMetrics.Unit.Count)
                .metric("BytesRead", report.bytesRead(), EmfMetrics.Unit.Bytes)
                .metric("ElapsedMillis", report.elapsed().toMillis(), EmfMetrics.Unit.Milliseconds);
        SnapshotOutcome snapshot = report.snapshot();
        if (snapshot != null) {
            emf.metric("ItemsRetired", snapshot.retired(), EmfMetrics.Unit.Count)
                    .metric("RetireConditionFailed", snapshot.conditionFailed(), EmfMetrics.Unit.Count)
                    .metric("RecordsSuperseded", snapshot.recordsSuperseded(), EmfMetrics.Unit.Count)
                    .metric("ItemsStale", snapshot.itemsStale(), EmfMetrics.Unit.Count);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bucket", report.source().bucket());
        props.put("key", report.source().key());
        report.source().versionId().ifPresent(v -> props.put("versionId", v));
        report.source().sequencer().ifPresent(s -> props.put("sequencer", s));
        props.put("outcome", report.outcome().name());
        if (report.quarantineUri() != null) {
            props.put("quarantine", report.quarantineUri());
        }
        if (report.detail() != null) {
            props.put("detail", report.detail());
        }
        if (snapshot != null) {
            props.put("scan", snapshot.scan());
            props.put("scopes", snapshot.scopes());
            props.put("retirement", snapshot.retirement());
        }
        props.forEach(emf::property);
        log.raw(emf.toJson("object_processed"));
        return report;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
