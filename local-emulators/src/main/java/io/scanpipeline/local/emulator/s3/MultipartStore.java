package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Multipart uploads in progress. Parts are files under {@code <root>/uploads/<uploadId>/}; the bookkeeping is in
 * memory only, so uploads in progress do not survive a restart (their directory is cleared at start).
 */
final class MultipartStore {

    /** A received part. */
    record Part(int partNumber, long size, String eTag, byte[] md5, Path file) {}

    /** An upload in progress. */
    static final class Upload {
        private final String uploadId;
        private final String bucket;
        private final String key;
        private final ObjectAttributes attributes;
        private final Instant initiated;
        private final Path dir;
        private final NavigableMap<Integer, Part> parts = new ConcurrentSkipListMap<>();
        private boolean completing;

        Upload(String uploadId, String bucket, String key, ObjectAttributes attributes, Instant initiated, Path dir) {
            this.uploadId = uploadId;
            this.bucket = bucket;
            this.key = key;
            this.attributes = attributes;
            this.initiated = initiated;
            this.dir = dir;
        }

        String uploadId() {
            return uploadId;
        }

        String bucket() {
            return bucket;
        }

        String key() {
            return key;
        }

        ObjectAttributes attributes() {
            return attributes;
        }

        Instant initiated() {
            return initiated;
        }

        /** The received parts by part number. */
        NavigableMap<Integer, Part> parts() {
            return parts;
        }
    }

    private final Path uploadsDir;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    MultipartStore(Path root) throws IOException {
        this.uploadsDir = Files.createDirectories(root.resolve("uploads"));
        StoreFiles.deleteChildren(uploadsDir);
    }

    Upload create(String bucket, String key, ObjectAttributes attributes) throws IOException {
        String id = Ids.uploadId();
        Path dir = Files.createDirectories(uploadsDir.resolve(Ids.storageId()));
        Upload upload = new Upload(id, bucket, key, attributes, Instant.now(), dir);
        uploads.put(id, upload);
        return upload;
    }

    /** The upload with this id for this object, or NoSuchUpload. */
    Upload get(String uploadId, String bucket, String key) {
        Upload upload = uploadId == null ? null : uploads.get(uploadId);
        if (upload == null || !upload.bucket.equals(bucket) || !upload.key.equals(key)) {
            throw S3Exception.noSuchUpload(uploadId);
        }
        return upload;
    }

    /** Moves a received body into the upload as part {@code partNumber}, replacing an earlier one. */
    Part putPart(Upload upload, int partNumber, ReceivedBody body) throws IOException {
        Path file = upload.dir.resolve("part-" + partNumber + ".bin");
        synchronized (upload) {
            if (upload.completing || uploads.get(upload.uploadId) != upload) {
                Files.deleteIfExists(body.file());
                throw S3Exception.noSuchUpload(upload.uploadId);
            }
            Files.move(body.file(), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Part part = new Part(partNumber, body.size(), body.eTag(), body.md5(), file);
            upload.parts.put(partNumber, part);
            return part;
        }
    }

    /** Marks the upload as being completed so that a concurrent completion or part upload fails. */
    void beginCompletion(Upload upload) {
        synchronized (upload) {
            if (upload.completing || uploads.get(upload.uploadId) != upload) {
                throw S3Exception.noSuchUpload(upload.uploadId);
            }
            upload.completing = true;
        }
    }

    /** Ends a completion: on success the upload is removed with its files, else it can be completed again. */
    void endCompletion(Upload upload, boolean succeeded) throws IOException {
        synchronized (upload) {
            upload.completing = false;
        }
        if (succeeded) {
            remove(upload);
        }
    }

    /** AbortMultipartUpload. */
    void abort(String uploadId, String bucket, String key) throws IOException {
        remove(get(uploadId, bucket, key));
    }

    private void remove(Upload upload) throws IOException {
        synchronized (upload) {
            uploads.remove(upload.uploadId, upload);
        }
        StoreFiles.deleteTree(upload.dir);
    }
}
