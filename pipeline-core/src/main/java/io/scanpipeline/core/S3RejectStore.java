package io.scanpipeline.core;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link RejectStore} on one S3 bucket; objects are JSON lines ({@code application/x-ndjson}). */
public final class S3RejectStore implements RejectStore {

    private final S3Client s3;
    private final String bucket;

    public S3RejectStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public void put(String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-ndjson"), RequestBody.fromBytes(body));
    }

    @Override
    public byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public List<String> list(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }
}
