package io.scanpipeline.ingest.snapshot;

import io.scanpipeline.ingest.SourceObject;
import java.time.Instant;

/**
 * The sortable name of one scan (one S3 object version), stored on every item of a snapshot rule as
 * {@code _scan}: {@code <LastModified as 15-digit epoch milliseconds>|<key>|<versionId>}. Plain string order is scan
 * order: first the time S3 stored the version (whole seconds: S3 sends Last-Modified as an HTTP date; the same on
 * every read of that version, so a redelivery, a catch-up or a continuation piece writes the same value), then the
 * key (two files of one template scope stored in the same second), then the version id (two versions of one key in
 * the same second: S3's current-version check already skips the older one whenever it can tell).
 */
public final class ScanOrder {

    private ScanOrder() {}

    /** The scan order of a version stored at {@code lastModified}. */
    public static String of(Instant lastModified, SourceObject object) {
        long millis = Math.max(0, lastModified.toEpochMilli());
        return String.format("%015d", millis) + "|" + object.key() + "|"
                + object.versionId().orElse("unversioned");
    }
}
