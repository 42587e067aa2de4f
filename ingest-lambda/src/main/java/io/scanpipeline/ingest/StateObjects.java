package io.scanpipeline.ingest;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The ingest's own small S3 objects (continuations, the version ledger): read one, or learn it is not there. */
final class StateObjects {

    private StateObjects() {}

    /**
     * The object's bytes, or empty when it does not exist.
     *
     * @param what what the object is, for the error message (e.g. "the continuation")
     * @throws RetryableIngestException when S3 cannot be read (the invocation fails and Lambda retries)
     */
    static Optional<byte[]> read(S3Client s3, String bucket, String key, String uri, String what) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new RetryableIngestException(uri + ": cannot read " + what + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new RetryableIngestException(uri + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
