package io.scanpipeline.ingest;

import io.scanpipeline.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Remembers the S3 event sequencer of each object version the ingest has seen, so that a catch-up pass (a newer
 * version ingested right after an older one, without its own event) writes exactly the items that version's own
 * event writes. S3 gives a version's sequencer only in its event notification — HeadObject and the version list do
 * not return it — and without it the catch-up's items would differ from the event's by the missing
 * {@code _source.sequencer}: a spurious MODIFY with a new eventId downstream.
 *
 * <p>One tiny object per version, {@code <state prefix>versions/<sha256 of bucket/key>/<versionId>}, holding the
 * sequencer; written before the version's first item, so once any of its items exists its sequencer can be read.
 * The key has a bounded length whatever the source key's. The state prefix lies under the quarantine prefix, which
 * the ingest never reads as input and which the role may already write.
 */
final class VersionLedger {

    private final S3Client s3;
    private final Optional<String> bucket;
    private final String prefix;

    /**
     * @param bucket the bucket to keep the ledger in, or empty for the source object's own bucket
     * @param prefix e.g. {@code quarantine/_ingest-state/}
     */
    VersionLedger(S3Client s3, Optional<String> bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** Records the version's sequencer, when the event carried both. */
    void remember(SourceObject version) {
        if (version.versionId().isEmpty() || version.sequencer().isEmpty()) {
            return;
        }
        try {
            s3.putObject(
                    r -> r.bucket(bucket.orElse(version.bucket()))
                            .key(keyFor(version))
                            .contentType("text/plain"),
                    RequestBody.fromString(version.sequencer().get(), StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw new RetryableIngestException(
                    version.uri() + ": cannot record the version's sequencer: " + e.getMessage(), e);
        }
    }

    /** The version's sequencer if its event was seen (and remembered); empty when it has not been yet. */
    Optional<String> sequencerOf(SourceObject version) {
        if (version.sequencer().isPresent() || version.versionId().isEmpty()) {
            return version.sequencer();
        }
        return StateObjects.read(
                        s3, bucket.orElse(version.bucket()), keyFor(version), version.uri(), "the version's sequencer")
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8).trim())
                .filter(text -> !text.isEmpty());
    }

    /** The ledger key of a version (bounded length for any source key). */
    String keyFor(SourceObject version) {
        return prefix + "versions/" + Sha256.hex(version.bucket() + "/" + version.key()) + "/"
                + version.versionId().orElse("unversioned");
    }
}
