package io.scanpipeline.local.emulator.s3;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A change to an object of a {@link LocalS3Server}, as S3 would announce it in an event notification.
 *
 * @param eventName event type without the {@code s3:} prefix: {@code ObjectCreated:Put}, {@code ObjectCreated:Copy},
 *                  {@code ObjectCreated:CompleteMultipartUpload}, {@code ObjectRemoved:Delete} or
 *                  {@code ObjectRemoved:DeleteMarkerCreated}
 * @param bucket    the bucket name
 * @param key       the object key, not URL-encoded
 * @param size      the object size in bytes (0 for removals)
 * @param eTag      the ETag without quotes, as in S3 events (null for removals)
 * @param versionId the version id, or null when the bucket is not versioned
 * @param sequencer upper-case hex string; for one key, a later event has a greater sequencer once both are
 *                  left-padded with zeros to the same length
 * @param eventTime when the change happened
 */
public record S3ObjectEvent(
        String eventName,
        String bucket,
        String key,
        long size,
        String eTag,
        String versionId,
        String sequencer,
        Instant eventTime) {

    /** Checks the required components. */
    public S3ObjectEvent {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sequencer, "sequencer");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    /** Whether this is an {@code ObjectCreated:*} event. */
    public boolean isCreated() {
        return eventName.startsWith("ObjectCreated:");
    }

    /**
     * Compares two S3 sequencers the way S3 documents it: left-pad the shorter with zeros, then compare as strings.
     *
     * @return negative, zero or positive as {@code a} orders before, with or after {@code b}
     */
    public static int compareSequencers(String a, String b) {
        int width = Math.max(a.length(), b.length());
        String pa = "0".repeat(width - a.length()) + a.toUpperCase(Locale.ROOT);
        String pb = "0".repeat(width - b.length()) + b.toUpperCase(Locale.ROOT);
        return pa.compareTo(pb);
    }
}
