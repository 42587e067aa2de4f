package io.scanpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Continuations of files that one invocation could not finish before its deadline. A continuation is a small JSON
 * object in the source bucket, {@code <prefix><sha256 of bucket/key>/<versionId>/<resumeAt>.json}, naming the
 * object version and the record index to resume at. Writing it raises an ObjectCreated event like any upload, so
 * S3 invokes the ingest function again for it, with the same asynchronous retries and dead-letter queue as the
 * file's own event: no queue or self-invocation permission is needed, and the piece chain survives a crash of any
 * invocation (its event is retried and rewrites the same items).
 *
 * <p>Idempotent: the name depends only on the version and the index, so a repeated piece writes the same
 * continuation; one that already exists is not written again, so a redelivered event does not fork the chain.
 * The notification filter must deliver the prefix (the template puts it under the ingest key prefix, and the name
 * ends in {@code .json}).
 */
public final class Continuations {

    /**
     * One continuation: resume {@code source} at record {@code resumeAt}; the earlier pieces quarantined
     * {@code quarantinedBefore} records (a snapshot scan retires only when no piece quarantined any).
     */
    public record Continuation(SourceObject source, long resumeAt, long quarantinedBefore) {}

    private final S3Client s3;
    private final String prefix;

    public Continuations(S3Client s3, String prefix) {
        this.s3 = s3;
        this.prefix = prefix;
    }

    /** Whether an event's object is a continuation rather than input. */
    public boolean isContinuation(SourceObject object) {
        return object.key().startsWith(prefix);
    }

    /** The continuation's key for a piece. */
    public String keyFor(SourceObject source, long resumeAt) {
        return prefix + Sha256.hex(source.bucket() + "/" + source.key()) + "/"
                + source.versionId().orElse("unversioned") + "/" + resumeAt + ".json";
    }

    /**
     * Stores the continuation (unless it exists) in the source's bucket; returns its S3 URI.
     *
     * @throws RetryableIngestException when it cannot be stored: the invocation fails and is retried, never
     *                                  reported done with records missing
     */
    public String write(SourceObject source, long resumeAt) {
        return write(source, resumeAt, 0);
    }

    /** As {@link #write(SourceObject, long)}, carrying how many records the pieces so far quarantined. */
    public String write(SourceObject source, long resumeAt, long quarantinedBefore) {
        String key = keyFor(source, resumeAt);
        String uri = "s3://" + source.bucket() + "/" + key;
        try {
            if (exists(source.bucket(), key)) {
                return uri;
            }
            ObjectNode doc = Json.mapper().createObjectNode();
            doc.put("bucket", source.bucket());
            doc.put("key", source.key());
            source.versionId().ifPresent(v -> doc.put("versionId", v));
            source.sequencer().ifPresent(v -> doc.put("sequencer", v));
            doc.put("resumeAt", resumeAt);
            doc.put("quarantinedBefore", quarantinedBefore);
            s3.putObject(
                    r -> r.bucket(source.bucket()).key(key).contentType("application/json"),
                    RequestBody.fromBytes(Json.mapper().writeValueAsBytes(doc)));
            return uri;
        } catch (IOException | SdkException e) {
            throw new RetryableIngestException(
                    source.uri() + ": cannot store the continuation at record " + resumeAt + " (" + uri + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Reads a continuation named by an event; empty when it is gone (its piece already finished and it expired).
     *
     * @throws IllegalArgumentException when the object is not a continuation document
     */
    public Optional<Continuation> read(SourceObject continuation) {
        Optional<byte[]> read = StateObjects.read(
                s3, continuation.bucket(), continuation.key(), continuation.uri(), "the continuation");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = read.get();
        try {
            JsonNode doc = Json.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
            long resumeAt = doc.path("resumeAt").asLong(-1);
            if (!doc.path("bucket").isTextual() || !doc.path("key").isTextual() || resumeAt < 0) {
                throw new IllegalArgumentException(
                        continuation.uri() + " is not a continuation: it needs bucket, " + "key and resumeAt");
            }
            SourceObject source = new SourceObject(
                    doc.get("bucket").asText(),
                    doc.get("key").asText(),
                    Optional.ofNullable(doc.path("versionId").textValue()),
                    Optional.ofNullable(doc.path("sequencer").textValue()),
                    -1);
            return Optional.of(new Continuation(
                    source, resumeAt, Math.max(0, doc.path("quarantinedBefore").asLong(0))));
        } catch (IOException e) {
            throw new IllegalArgumentException(continuation.uri() + " is not a continuation: " + e.getMessage(), e);
        }
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
