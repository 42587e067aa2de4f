package io.scanpipeline.ingest.reingest;

import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.ObjectReport;
import io.scanpipeline.ingest.RetryableIngestException;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.ingest.write.UnchangedItemFilter;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Re-ingests the current version of every object under a prefix through the ingest's own {@link IngestService}:
 * after a rule change, or to backfill objects that were in the bucket before the pipeline. Items are keyed from the
 * data and carry the version's {@code _source} (its sequencer from the version ledger when its event was seen), so
 * an unchanged object rewrites nothing; the version's quarantine object is replaced by what this pass rejected
 * (deleted when nothing was), see {@link S3Quarantine#replacing}.
 */
final class PrefixReingest {

    private final IngestService service;
    private final S3Client s3;
    private final UnchangedItemFilter filter;
    private final Consumer<String> out;

    /**
     * @param service built on {@code filter.client()} and an {@link S3Quarantine#replacing} quarantine
     * @param out     progress, one line per object
     */
    PrefixReingest(IngestService service, S3Client s3, UnchangedItemFilter filter, Consumer<String> out) {
        this.service = service;
        this.s3 = s3;
        this.filter = filter;
        this.out = out;
    }

    ReingestCounts run(String bucket, String prefix) throws InterruptedException {
        IngestConfig config = service.config();
        ReingestCounts total = ReingestCounts.NONE;
        // the version list names each key's current version (IsLatest), which ListObjectsV2 does not
        for (ObjectVersion version : s3.listObjectVersionsPaginator(
                        r -> r.bucket(bucket).prefix(prefix))
                .versions()) {
            if (!Boolean.TRUE.equals(version.isLatest())) {
                continue;
            }
            SourceObject object = new SourceObject(
                    bucket,
                    version.key(),
                    Optional.ofNullable(version.versionId()),
                    Optional.empty(),
                    version.size() == null ? -1 : version.size());
            if (isState(config, bucket, version.key())) {
                continue; // the ingest's own output (quarantine, version ledger, continuations): never input
            }
            long unchangedBefore = filter.unchanged();
            try {
                ObjectReport report = service.reingest(object);
                long unchanged = filter.unchanged() - unchangedBefore;
                boolean done = report.outcome() == ObjectReport.Outcome.INGESTED;
                ReingestCounts counts = new ReingestCounts(
                        done ? 1 : 0,
                        report.recordsRead(),
                        report.itemsWritten(),
                        unchanged,
                        report.quarantined(),
                        done ? 0 : 1,
                        0);
                out.accept(report.outcome() + " " + object.uri() + ": " + counts.describe()
                        + (report.quarantineUri() == null ? "" : " quarantine=" + report.quarantineUri())
                        + (report.detail() == null ? "" : " (" + report.detail() + ")"));
                total = total.plus(counts);
            } catch (RetryableIngestException | SdkException e) {
                out.accept("FAILED " + object.uri() + ": " + e.getMessage());
                total = total.plus(new ReingestCounts(0, 0, 0, 0, 0, 0, 1));
            }
        }
        return total;
    }

    /** Objects the ingest wrote itself: never input (the service skips the quarantine too, continuations not). */
    private static boolean isState(IngestConfig config, String bucket, String key) {
        boolean quarantineHere = config.quarantineBucket().map(bucket::equals).orElse(true);
        return (quarantineHere && key.startsWith(config.quarantinePrefix()))
                || key.startsWith(config.continuationPrefix());
    }
}
