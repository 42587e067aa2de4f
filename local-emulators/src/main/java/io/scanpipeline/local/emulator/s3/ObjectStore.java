package io.scanpipeline.local.emulator.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The buckets and object versions of the server. Object bytes live in files under
 * {@code <root>/buckets/<bucket>/objects/<storageId>.bin}, each version's metadata in a {@code .json} beside them,
 * so that a server started again on the same directory finds its objects. All state changes happen under this
 * object's monitor; events are queued (never delivered) while it is held, so listeners see them in commit order.
 */
final class ObjectStore {

    static final String OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
    static final String OWNER_NAME = "local";

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Bytes and facts of a version to be written. */
    record NewContent(Path file, long size, String eTag, ChecksumAlgorithm checksumAlgorithm, String checksumValue) {
        static NewContent of(ReceivedBody body) {
            return new NewContent(
                    body.file(), body.size(), body.eTag(), body.checksumAlgorithm(), body.checksumValue());
        }
    }

    /**
     * The If-Match / If-None-Match headers of a conditional write, checked against the current version when the
     * new version is committed.
     */
    record WriteCondition(String ifMatch, String ifNoneMatch) {
        static final WriteCondition NONE = new WriteCondition(null, null);

        static WriteCondition of(S3Exchange r) {
            return new WriteCondition(r.header("If-Match"), r.header("If-None-Match"));
        }

        void check(String key, ObjectVersion current) {
            boolean exists = current != null && !current.deleteMarker();
            if (ifMatch != null && !exists) {
                throw S3Exception.noSuchKey(key);
            }
            boolean matchFailed = ifMatch != null && !current.matchesETag(ifMatch);
            boolean noneMatchFailed = ifNoneMatch != null && exists && current.matchesETag(ifNoneMatch);
            if (matchFailed || noneMatchFailed) {
                throw new S3Exception(
                                412,
                                "PreconditionFailed",
                                "At least one of the pre-conditions you " + "specified did not hold")
                        .detail("Condition", matchFailed ? "If-Match" : "If-None-Match");
            }
        }
    }

    /** A version together with an open channel on its bytes; the caller closes the channel. */
    record OpenedVersion(ObjectVersion version, FileChannel channel) {}

    /** What a DeleteObject did: the version id it created or removed (null if none) and if it was a marker. */
    record DeleteOutcome(String versionId, boolean deleteMarker) {}

    private final Path bucketsDir;
    private final Path tmpDir;
    private final EventDispatcher events;
    private final StoreFiles files;
    private final Map<String, BucketState> buckets = new TreeMap<>();
    private long lastSeq;

    ObjectStore(Path root, EventDispatcher events) throws IOException {
        this.bucketsDir = Files.createDirectories(root.resolve("buckets"));
        this.tmpDir = Files.createDirectories(root.resolve("tmp"));
        this.events = events;
        this.files = new StoreFiles(new ObjectMapper());
        StoreFiles.deleteChildren(tmpDir);
        for (BucketState bucket : files.loadBuckets(bucketsDir)) {
            buckets.put(bucket.name(), bucket);
            for (List<ObjectVersion> versions : bucket.keys().values()) {
                for (ObjectVersion v : versions) {
                    lastSeq = Math.max(lastSeq, v.seq());
                }
            }
        }
    }

    /** A new empty file in the store's temporary directory (same file system as the objects). */
    Path newTempFile() throws IOException {
        return Files.createTempFile(tmpDir, "incoming-", ".tmp");
    }

    synchronized void createBucket(String name) throws IOException {
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.")
                    .detail("BucketName", name);
        }
        if (buckets.containsKey(name)) {
            throw new S3Exception(
                            409,
                            "BucketAlreadyOwnedByYou",
                            "Your previous request to create the named " + "bucket succeeded and you already own it.")
                    .detail("BucketName", name);
        }
        BucketState bucket = new BucketState(
                name, Instant.ofEpochMilli(System.currentTimeMillis()), BucketState.Versioning.UNVERSIONED);
        Files.createDirectories(objectsDir(name));
        files.writeBucket(bucketsDir.resolve(name), bucket);
        buckets.put(name, bucket);
    }

    synchronized void deleteBucket(String name) throws IOException {
        BucketState bucket = bucket(name);
        if (!bucket.keys().isEmpty()) {
            throw new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
                    .detail("BucketName", name);
        }
        buckets.remove(name);
        StoreFiles.deleteTree(bucketsDir.resolve(name));
    }

    /** The bucket, or NoSuchBucket. */
    synchronized BucketState bucket(String name) {
        BucketState bucket = name == null ? null : buckets.get(name);
        if (bucket == null) {
            throw S3Exception.noSuchBucket(name);
        }
        return bucket;
    }

    synchronized List<BucketState> buckets() {
        return new ArrayList<>(buckets.values());
    }

    synchronized BucketState.Versioning versioning(String bucketName) {
        return bucket(bucketName).versioning();
    }

    synchronized void setVersioning(String bucketName, BucketState.Versioning state) throws IOException {
        BucketState bucket = bucket(bucketName);
        bucket.versioning(state);
        files.writeBucket(bucketsDir.resolve(bucketName), bucket);
    }

    /** Runs {@code reader} on the bucket while holding the store lock (for listings). */
    synchronized <T> T read(String bucketName, Function<BucketState, T> reader) {
        return reader.apply(bucket(bucketName));
    }

    /**
     * Stores {@code content} (moving its file) as the newest version of {@code key} and queues the event.
     *
     * @param condition a conditional write's preconditions, {@link WriteCondition#NONE} for none
     * @param eventName e.g. {@code ObjectCreated:Put}
     */
    synchronized ObjectVersion put(
            String bucketName,
            String key,
            NewContent content,
            ObjectAttributes attributes,
            WriteCondition condition,
            String eventName)
            throws IOException {
        BucketState bucket = bucket(bucketName);
        List<ObjectVersion> existing = bucket.keys().get(key);
        condition.check(key, existing == null ? null : existing.get(0));
        boolean versioned = bucket.versioning() == BucketState.Versioning.ENABLED;
        String storageId = Ids.storageId();
        Path dir = objectsDir(bucketName);
        Files.move(content.file(), dir.resolve(storageId + ".bin"), StandardCopyOption.ATOMIC_MOVE);
        long now = System.currentTimeMillis();
        ObjectVersion version = new ObjectVersion(
                storageId,
                key,
                versioned ? Ids.versionId() : ObjectVersion.NULL_VERSION,
                ++lastSeq,
                false,
                content.size(),
                content.eTag(),
                now,
                attributes.contentType(),
                attributes.userMetadata(),
                attributes.headers(),
                content.checksumAlgorithm() == null
                        ? null
                        : content.checksumAlgorithm().name(),
                content.checksumValue());
        try {
            files.writeVersion(dir, version);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(dir.resolve(storageId + ".bin"));
            throw e;
        }
        addNewest(bucket, version);
        events.publish(events.event(eventName, bucketName, version, Instant.ofEpochMilli(now)));
        return version;
    }

    /**
     * Finds the version a GET or HEAD addresses.
     *
     * @param versionId the requested version, or null for the current one
     * @param method    the HTTP method, for the MethodNotAllowed error on delete markers
     */
    synchronized ObjectVersion resolve(String bucketName, String key, String versionId, String method) {
        List<ObjectVersion> versions = bucket(bucketName).keys().get(key);
        if (versionId == null) {
            if (versions == null) {
                throw S3Exception.noSuchKey(key);
            }
            ObjectVersion latest = versions.get(0);
            if (latest.deleteMarker()) {
                throw S3Exception.noSuchKey(key)
                        .header("x-amz-delete-marker", "true")
                        .header("x-amz-version-id", latest.visibleVersionId());
            }
            return latest;
        }
        ObjectVersion found = find(versions, versionId);
        if (found == null) {
            throw S3Exception.noSuchVersion(key, versionId);
        }
        if (found.deleteMarker()) {
            throw new S3Exception(
                            405, "MethodNotAllowed", "The specified method is not allowed against this " + "resource.")
                    .detail("Method", method)
                    .detail("ResourceType", "DeleteMarker")
                    .header("x-amz-delete-marker", "true")
                    .header("x-amz-version-id", found.versionId())
                    .header("Allow", "DELETE");
        }
        return found;
    }

    /** Like {@link #resolve} and opens the version's bytes before the lock is released. */
    synchronized OpenedVersion open(String bucketName, String key, String versionId, String method) throws IOException {
        ObjectVersion version = resolve(bucketName, key, versionId, method);
        return new OpenedVersion(version, FileChannel.open(dataFile(bucketName, version)));
    }

    /** DeleteObject: removes a version when {@code versionId} is given, else deletes as the versioning state says. */
    synchronized DeleteOutcome delete(String bucketName, String key, String versionId) throws IOException {
        BucketState bucket = bucket(bucketName);
        List<ObjectVersion> versions = bucket.keys().get(key);
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        if (versionId != null) {
            ObjectVersion found = find(versions, versionId);
            if (found == null) {
                return new DeleteOutcome(versionId, false);
            }
            removeVersion(bucket, found);
            events.publish(events.event("ObjectRemoved:Delete", bucketName, found, now));
            return new DeleteOutcome(found.versionId(), found.deleteMarker());
        }
        if (bucket.versioning() == BucketState.Versioning.UNVERSIONED) {
            ObjectVersion current = find(versions, ObjectVersion.NULL_VERSION);
            if (current != null) {
                removeVersion(bucket, current);
                events.publish(events.event("ObjectRemoved:Delete", bucketName, current, now));
            }
            return new DeleteOutcome(null, false);
        }
        boolean enabled = bucket.versioning() == BucketState.Versioning.ENABLED;
        ObjectVersion marker = new ObjectVersion(
                Ids.storageId(),
                key,
                enabled ? Ids.versionId() : ObjectVersion.NULL_VERSION,
                ++lastSeq,
                true,
                0,
                null,
                now.toEpochMilli(),
                null,
                Map.of(),
                Map.of(),
                null,
                null);
        files.writeVersion(objectsDir(bucketName), marker);
        addNewest(bucket, marker);
        events.publish(events.event("ObjectRemoved:DeleteMarkerCreated", bucketName, marker, now));
        return new DeleteOutcome(marker.versionId(), true);
    }

    /** Adds {@code version} as the newest of its key, replacing an existing "null" version if it is one. */
    private void addNewest(BucketState bucket, ObjectVersion version) throws IOException {
        List<ObjectVersion> versions = bucket.keys().computeIfAbsent(version.key(), k -> new ArrayList<>());
        if (ObjectVersion.NULL_VERSION.equals(version.versionId())) {
            ObjectVersion previous = find(versions, ObjectVersion.NULL_VERSION);
            if (previous != null) {
                versions.remove(previous);
                deleteFiles(bucket.name(), previous);
            }
        }
        versions.add(0, version);
    }

    private void removeVersion(BucketState bucket, ObjectVersion version) throws IOException {
        List<ObjectVersion> versions = bucket.keys().get(version.key());
        versions.remove(version);
        if (versions.isEmpty()) {
            bucket.keys().remove(version.key());
        }
        deleteFiles(bucket.name(), version);
    }

    private void deleteFiles(String bucketName, ObjectVersion version) throws IOException {
        Files.deleteIfExists(dataFile(bucketName, version));
        Files.deleteIfExists(objectsDir(bucketName).resolve(version.storageId() + ".json"));
    }

    private static ObjectVersion find(List<ObjectVersion> versions, String versionId) {
        if (versions != null) {
            for (ObjectVersion v : versions) {
                if (v.versionId().equals(versionId)) {
                    return v;
                }
            }
        }
        return null;
    }

    private Path objectsDir(String bucketName) {
        return bucketsDir.resolve(bucketName).resolve("objects");
    }

    private Path dataFile(String bucketName, ObjectVersion version) {
        return objectsDir(bucketName).resolve(version.storageId() + ".bin");
    }
}
