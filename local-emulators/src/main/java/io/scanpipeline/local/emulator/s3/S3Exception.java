package io.scanpipeline.local.emulator.s3;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 error response: the HTTP status, the S3 error code, a message, and the extra XML elements and HTTP
 * headers that S3 sends with it. Thrown anywhere while handling a request and rendered by the router.
 */
final class S3Exception extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    S3Exception(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Extra elements of the {@code <Error>} document, in order (e.g. Key, BucketName). */
    Map<String, String> details() {
        return details;
    }

    /** Extra response headers (e.g. x-amz-delete-marker). */
    Map<String, String> headers() {
        return headers;
    }

    S3Exception detail(String element, String value) {
        if (value != null) {
            details.put(element, value);
        }
        return this;
    }

    S3Exception header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    static S3Exception noSuchBucket(String bucket) {
        return new S3Exception(404, "NoSuchBucket", "The specified bucket does not exist").detail("BucketName", bucket);
    }

    static S3Exception noSuchKey(String key) {
        return new S3Exception(404, "NoSuchKey", "The specified key does not exist.").detail("Key", key);
    }

    static S3Exception noSuchVersion(String key, String versionId) {
        return new S3Exception(404, "NoSuchVersion", "The specified version does not exist.")
                .detail("Key", key)
                .detail("VersionId", versionId);
    }

    static S3Exception noSuchUpload(String uploadId) {
        return new S3Exception(
                        404,
                        "NoSuchUpload",
                        "The specified multipart upload does not exist. "
                                + "The upload ID might be invalid, or the multipart upload might have been aborted or completed.")
                .detail("UploadId", uploadId);
    }

    static S3Exception invalidArgument(String message, String name, String value) {
        return new S3Exception(400, "InvalidArgument", message)
                .detail("ArgumentName", name)
                .detail("ArgumentValue", value);
    }

    static S3Exception invalidRequest(String message) {
        return new S3Exception(400, "InvalidRequest", message);
    }

    static S3Exception malformedXml() {
        return new S3Exception(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed or did not " + "validate against our published schema");
    }

    static S3Exception badDigest(String message) {
        return new S3Exception(400, "BadDigest", message);
    }

    static S3Exception notImplemented(String what) {
        return new S3Exception(
                501,
                "NotImplemented",
                "A header or query you provided implies functionality that is not implemented: " + what);
    }
}
