package io.scanpipeline.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One S3 object version named by an event.
 *
 * @param bucket    bucket name
 * @param key       the decoded object key
 * @param versionId the version from the event, when the bucket is versioned
 * @param sequencer the event's sequencer (orders events of one key), when present
 * @param size      size from the event, -1 when unknown
 */
public record SourceObject(
        String bucket, String key, Optional<String> versionId, Optional<String> sequencer, long size) {

    public SourceObject {
        if (bucket == null || bucket.isBlank() || key == null || key.isEmpty()) {
            throw new IllegalArgumentException("bucket and key are required");
        }
        versionId = versionId == null ? Optional.empty() : versionId.filter(v -> !v.isBlank() && !v.equals("null"));
        sequencer = sequencer == null ? Optional.empty() : sequencer.filter(s -> !s.isBlank());
    }

    /** {@code s3://bucket/key?versionId=v}, for logs and messages. */
    public String uri() {
        return "s3://" + bucket + "/" + key
                + versionId.map(v -> "?versionId=" + v).orElse("");
    }

    /** The {@code _source} attribute stored on every item: where the record came from. */
    public AttributeValue sourceAttribute(long recordIndex, Optional<String> scanner) {
        Map<String, AttributeValue> source = new LinkedHashMap<>();
        source.put("bucket", AttributeValue.fromS(bucket));
        source.put("key", AttributeValue.fromS(key));
        versionId.ifPresent(v -> source.put("versionId", AttributeValue.fromS(v)));
        sequencer.ifPresent(s -> source.put("sequencer", AttributeValue.fromS(s)));
        source.put("record", AttributeValue.fromN(Long.toString(recordIndex)));
        scanner.ifPresent(s -> source.put("scanner", AttributeValue.fromS(s)));
        return AttributeValue.fromM(source);
    }

    /** A copy naming another version (the current one, when the event's version was superseded). */
    public SourceObject withVersion(String newVersionId, String newSequencer) {
        return new SourceObject(bucket, key, Optional.ofNullable(newVersionId), Optional.ofNullable(newSequencer), -1);
    }
}
