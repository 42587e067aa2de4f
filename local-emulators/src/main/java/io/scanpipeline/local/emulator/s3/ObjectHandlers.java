package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** PutObject, GetObject, HeadObject, DeleteObject and DeleteObjects. */
final class ObjectHandlers {

    private static final int MAX_KEY_BYTES = 1024;
    private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
            "response-content-type",
            "Content-Type",
            "response-content-language",
            "Content-Language",
            "response-expires",
            "Expires",
            "response-cache-control",
            "Cache-Control",
            "response-content-disposition",
            "Content-Disposition",
            "response-content-encoding",
            "Content-Encoding");

    private final ObjectStore store;
    private final CopyHandler copy;

    ObjectHandlers(ObjectStore store) {
        this.store = store;
        this.copy = new CopyHandler(store);
    }

    /** PUT /bucket/key : PutObject, streaming the body to disk; If-Match / If-None-Match make it conditional. */
    void putObject(S3Exchange r) throws IOException {
        checkKey(r.key());
        store.bucket(r.bucket());
        ObjectAttributes attributes = ObjectAttributes.fromRequest(r.requestHeaders());
        Path tmp = store.newTempFile();
        try {
            ReceivedBody body = BodyReceiver.receive(r, tmp);
            ObjectVersion v = store.put(
                    r.bucket(),
                    r.key(),
                    ObjectStore.NewContent.of(body),
                    attributes,
                    ObjectStore.WriteCondition.of(r),
                    "ObjectCreated:Put");
            r.setHeader("ETag", v.quotedETag());
            r.setHeader("x-amz-version-id", v.visibleVersionId());
            if (v.checksumAlgorithm() != null) {
                r.setHeader(ChecksumAlgorithm.valueOf(v.checksumAlgorithm()).headerName(), v.checksumValue());
            }
            r.sendEmpty(200);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** PUT /bucket/key with x-amz-copy-source : CopyObject. */
    void copyObject(S3Exchange r) throws IOException {
        checkKey(r.key());
        copy.copyObject(r);
    }

    /** GET or HEAD /bucket/key : GetObject / HeadObject, with versionId, Range and conditional headers. */
    void getObject(S3Exchange r) throws IOException {
        String versionId = emptyToNull(r.query("versionId"));
        if (r.isHead()) {
            respond(r, store.resolve(r.bucket(), r.key(), versionId, r.method()), null);
            return;
        }
        ObjectStore.OpenedVersion opened = store.open(r.bucket(), r.key(), versionId, r.method());
        try (FileChannel channel = opened.channel()) {
            respond(r, opened.version(), channel);
        }
    }

    private void respond(S3Exchange r, ObjectVersion v, FileChannel channel) throws IOException {
        if (checkConditions(r, v)) {
            objectHeaders(r, v);
            r.sendEmpty(304);
            return;
        }
        long[] range = Ranges.parse(r.header("Range"), v.size());
        objectHeaders(r, v);
        long start = 0;
        long length = v.size();
        int status = 200;
        if (range != null) {
            start = range[0];
            length = range[1] - range[0] + 1;
            status = 206;
            r.setHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + v.size());
        } else if ("ENABLED".equalsIgnoreCase(r.header("x-amz-checksum-mode")) && v.checksumAlgorithm() != null) {
            r.setHeader(ChecksumAlgorithm.valueOf(v.checksumAlgorithm()).headerName(), v.checksumValue());
            r.setHeader("x-amz-checksum-type", "FULL_OBJECT");
        }
        try (OutputStream out = r.sendStream(status, length)) {
            if (out != null && channel != null) {
                copy(channel, start, length, out);
            }
        }
    }

    private void objectHeaders(S3Exchange r, ObjectVersion v) {
        r.setHeader("Content-Type", v.contentType());
        r.setHeader("ETag", v.quotedETag());
        r.setHeader("Last-Modified", S3Text.httpDate(v.lastModified()));
        r.setHeader("Accept-Ranges", "bytes");
        r.setHeader("x-amz-version-id", v.visibleVersionId());
        v.headers().forEach(r::setHeader);
        v.userMetadata().forEach((name, value) -> r.setHeader("x-amz-meta-" + name, value));
        RESPONSE_OVERRIDES.forEach((param, header) -> r.setHeader(header, r.query(param)));
    }

    /** Applies If-Match / If-None-Match / If-(Un)Modified-Since; true when the answer is 304 Not Modified. */
    private static boolean checkConditions(S3Exchange r, ObjectVersion v) {
        String ifMatch = r.header("If-Match");
        String ifNoneMatch = r.header("If-None-Match");
        Instant modified = v.lastModified().truncatedTo(ChronoUnit.SECONDS);
        boolean failed = ifMatch != null ? !v.matchesETag(ifMatch) : isAfter(modified, r.header("If-Unmodified-Since"));
        if (failed) {
            throw new S3Exception(
                            412,
                            "PreconditionFailed",
                            "At least one of the pre-conditions you specified " + "did not hold")
                    .detail("Condition", ifMatch != null ? "If-Match" : "If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            return v.matchesETag(ifNoneMatch);
        }
        String since = r.header("If-Modified-Since");
        return since != null && S3Text.parseHttpDate(since) != null && !isAfter(modified, since);
    }

    private static boolean isAfter(Instant modified, String httpDate) {
        Instant limit = httpDate == null ? null : S3Text.parseHttpDate(httpDate);
        return limit != null && modified.isAfter(limit);
    }

    /** DELETE /bucket/key : DeleteObject. */
    void deleteObject(S3Exchange r) throws IOException {
        String versionId = emptyToNull(r.query("versionId"));
        ObjectStore.DeleteOutcome outcome = store.delete(r.bucket(), r.key(), versionId);
        if (outcome.deleteMarker()) {
            r.setHeader("x-amz-delete-marker", "true");
        }
        if (outcome.versionId() != null) {
            r.setHeader("x-amz-version-id", outcome.versionId());
        }
        r.sendEmpty(204);
    }

    /** POST /bucket?delete : DeleteObjects. */
    void deleteObjects(S3Exchange r) throws IOException {
        byte[] body = r.readSmallBody(2 * 1024 * 1024);
        store.bucket(r.bucket());
        XmlRequests.DeleteRequest request = XmlRequests.deleteRequest(body);
        XmlWriter xml = XmlWriter.document("DeleteResult");
        for (XmlRequests.ObjectRef o : request.objects()) {
            try {
                checkKey(o.key());
                ObjectStore.DeleteOutcome outcome = store.delete(r.bucket(), o.key(), emptyToNull(o.versionId()));
                if (!request.quiet()) {
                    xml.start("Deleted").element("Key", o.key()).element("VersionId", o.versionId());
                    if (outcome.deleteMarker()) {
                        xml.element("DeleteMarker", true).element("DeleteMarkerVersionId", outcome.versionId());
                    }
                    xml.end("Deleted");
                }
            } catch (S3Exception e) {
                xml.start("Error")
                        .element("Key", o.key())
                        .element("VersionId", o.versionId())
                        .element("Code", e.code())
                        .element("Message", e.getMessage())
                        .end("Error");
            }
        }
        r.sendXml(200, xml.finish("DeleteResult"));
    }

    /** Rejects keys S3 rejects: empty or longer than 1024 UTF-8 bytes. */
    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw S3Exception.invalidArgument("Object key must not be empty", "key", "");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Exception(400, "KeyTooLongError", "Your key is too long")
                    .detail("Size", Integer.toString(key.getBytes(StandardCharsets.UTF_8).length))
                    .detail("MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES));
        }
    }

    /** Copies {@code length} bytes from {@code position} of {@code channel} to {@code out}. */
    static void copy(FileChannel channel, long position, long length, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(128 * 1024);
        long pos = position;
        long remaining = length;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("object file ended early");
            }
            out.write(buffer.array(), 0, n);
            pos += n;
            remaining -= n;
        }
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
