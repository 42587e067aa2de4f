package io.scanpipeline.ingest.snapshot;

import io.scanpipeline.ingest.SourceObject;
import java.time.Instant;
import java.util.Locale;

/**
 * The sortable name of one scan (one S3 object version), stored on every item of a snapshot rule as
 * {@code _scan}: {@code <LastModified as 15-digit epoch milliseconds>|<key>|<sequencer>|<versionId>}. Plain string
 * order is scan order: first the time S3 stored the version (whole seconds: S3 sends Last-Modified as an HTTP date;
 * the same on every read of that version, so a redelivery or a continuation piece writes the same value), then the
 * key (two files of one template scope stored in the same second), then the event's sequencer, which S3 documents as
 * the order of events for one key (two versions of one key stored in the same second: version ids are random and
 * say nothing of order). The sequencer is left-padded with zeros to {@value #SEQUENCER_WIDTH} hex digits, as S3 says
 * to compare it; a pass that does not know it (a catch-up or re-ingest whose event was never recorded) counts as
 * the oldest of that second, so it never retires what a later version of the key wrote. The version id last only
 * makes the name unique.
 */
public final class ScanOrder {

    /** Hex digits a sequencer is padded to (S3's are 16 to 18 today). */
    static final int SEQUENCER_WIDTH = 32;

    private ScanOrder() {}

    /** The scan order of a version stored at {@code lastModified}. */
    public static String of(Instant lastModified, SourceObject object) {
        long millis = Math.max(0, lastModified.toEpochMilli());
        String sequencer =
                object.sequencer().map(s -> s.toUpperCase(Locale.ROOT)).orElse("");
        String padded = sequencer.length() >= SEQUENCER_WIDTH
                ? sequencer
                : "0".repeat(SEQUENCER_WIDTH - sequencer.length()) + sequencer;
        return String.format("%015d", millis) + "|" + object.key() + "|" + padded + "|"
                + object.versionId().orElse("unversioned");
    }
}
