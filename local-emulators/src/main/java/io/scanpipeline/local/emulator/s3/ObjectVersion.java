package io.scanpipeline.local.emulator.s3;

import java.time.Instant;
import java.util.Map;

/**
 * One stored version of a key (or a delete marker), as kept in memory and in its {@code .json} file.
 *
 * @param storageId          name of the files holding this version (data {@code .bin}, metadata {@code .json})
 * @param key                the object key
 * @param versionId          the version id, {@code "null"} for versions written while versioning was off
 * @param seq                global write order, used to order versions newest first
 * @param deleteMarker       whether this is a delete marker (no data file)
 * @param size               content length in bytes
 * @param eTag               the ETag without quotes (hex MD5, or {@code hex-N} for multipart objects)
 * @param lastModifiedMillis the write time in epoch milliseconds
 * @param contentType        the Content-Type given at upload
 * @param userMetadata       the {@code x-amz-meta-*} headers, lower-case names without the prefix
 * @param headers            other stored response headers (Content-Disposition, Cache-Control, ...)
 * @param checksumAlgorithm  name of the flexible checksum sent with the upload, or null
 * @param checksumValue      its base64 value, or null
 */
record ObjectVersion(
        String storageId,
        String key,
        String versionId,
        long seq,
        boolean deleteMarker,
        long size,
        String eTag,
        long lastModifiedMillis,
        String contentType,
        Map<String, String> userMetadata,
        Map<String, String> headers,
        String checksumAlgorithm,
        String checksumValue) {

    /** The version id written while versioning is not enabled. */
    static final String NULL_VERSION = "null";

    Instant lastModified() {
        return Instant.ofEpochMilli(lastModifiedMillis);
    }

    /** The ETag with the quotes S3 puts around it in headers and XML. */
    String quotedETag() {
        return "\"" + eTag + "\"";
    }

    /** Whether an If-Match / If-None-Match header value ({@code *} or a list of ETags) matches this version. */
    boolean matchesETag(String header) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(quotedETag()) || c.equals(eTag)) {
                return true;
            }
        }
        return false;
    }

    /** The version id for responses: null when this is the "null" version of an unversioned write. */
    String visibleVersionId() {
        return NULL_VERSION.equals(versionId) ? null : versionId;
    }
}
