package io.scanpipeline.sink.deadletter;

import java.util.List;

/**
 * The few object-store operations dead letters need, so that {@link DeadLetters} is tested with a fake and runs on
 * S3 ({@link S3ObjectStore}) in production. Implementations throw unchecked exceptions on failure.
 */
public interface ObjectStore {

    /** Writes {@code body} at {@code key}, replacing any object there. */
    void put(String key, byte[] body);

    /** The bytes at {@code key}. */
    byte[] get(String key);

    /** The keys starting with {@code prefix}, in lexical order. */
    List<String> list(String prefix);

    /** Where the objects live, for log lines, e.g. {@code s3://bucket}. */
    String location();
}
