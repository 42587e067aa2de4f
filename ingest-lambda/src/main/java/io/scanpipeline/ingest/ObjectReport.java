package io.scanpipeline.ingest;

import io.scanpipeline.ingest.snapshot.SnapshotOutcome;
import java.time.Duration;

/**
 * What happened to one S3 object.
 *
 * @param source        the object
 * @param outcome       what was done with it
 * @param recordsRead   records found in the file
 * @param itemsWritten  items DynamoDB confirmed
 * @param merged        records replaced by a later record with the same key in the same batch
 * @param quarantined   quarantine lines written (rejected records and unreadable parts)
 * @param bytesRead     bytes of the (decompressed) file read
 * @param elapsed       wall time
 * @param quarantineUri where the quarantine lines went, or null
 * @param detail        why it was skipped, when it was
 * @param resumeAt      for {@link Outcome#PARTIAL}: the index of the first record not yet written; else -1
 * @param snapshot      for a rule with {@code "snapshot"}: what the scan wrote and retired; else null
 */
public record ObjectReport(
        SourceObject source,
        Outcome outcome,
        long recordsRead,
        long itemsWritten,
        long merged,
        long quarantined,
        long bytesRead,
        Duration elapsed,
        String quarantineUri,
        String detail,
        long resumeAt,
        SnapshotOutcome snapshot) {

    /** The outcomes of one object. */
    public enum Outcome {
        /** Read and written (some records may be quarantined). */
        INGESTED,
        /**
         * Stopped cleanly before the invocation's deadline: every record before {@code resumeAt} is written (or
         * quarantined); a continuation resumes there.
         */
        PARTIAL,
        /** A newer version of the key exists: this older one is not written over it. */
        SKIPPED_SUPERSEDED,
        /** The object (version) no longer exists. */
        SKIPPED_GONE,
        /** The object is itself a quarantine file. */
        SKIPPED_QUARANTINE_OBJECT
    }

    static ObjectReport skipped(SourceObject source, Outcome outcome, Duration elapsed, String detail) {
        return new ObjectReport(source, outcome, 0, 0, 0, 0, 0, elapsed, null, detail, -1, null);
    }
}
