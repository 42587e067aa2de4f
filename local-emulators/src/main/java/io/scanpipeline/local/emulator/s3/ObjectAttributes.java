package io.scanpipeline.local.emulator.s3;

import com.sun.net.httpserver.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client sets on an object besides its bytes: Content-Type, user metadata and the few standard headers
 * S3 stores and returns.
 *
 * @param contentType  the Content-Type, never null ({@code binary/octet-stream} when none was given)
 * @param userMetadata {@code x-amz-meta-*} values by lower-case name without the prefix
 * @param headers      stored standard headers by canonical name
 */
record ObjectAttributes(String contentType, Map<String, String> userMetadata, Map<String, String> headers) {

    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final String META_PREFIX = "x-amz-meta-";
    private static final List<String> STORED_HEADERS =
            List.of("Content-Disposition", "Content-Encoding", "Content-Language", "Cache-Control", "Expires");

    /** Reads the attributes from upload request headers ({@code aws-chunked} is dropped from Content-Encoding). */
    static ObjectAttributes fromRequest(Headers request) {
        String contentType = request.getFirst("Content-Type");
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : request.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(META_PREFIX)
                    && name.length() > META_PREFIX.length()
                    && !h.getValue().isEmpty()) {
                meta.put(name.substring(META_PREFIX.length()), String.join(",", h.getValue()));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = request.getFirst(name);
            if ("Content-Encoding".equals(name) && value != null) {
                value = withoutAwsChunked(value);
            }
            if (value != null && !value.isEmpty()) {
                headers.put(name, value);
            }
        }
        return new ObjectAttributes(
                contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType,
                Map.copyOf(meta),
                Map.copyOf(headers));
    }

    /** The attributes of an existing version, for copies that keep the source metadata. */
    static ObjectAttributes of(ObjectVersion version) {
        return new ObjectAttributes(version.contentType(), version.userMetadata(), version.headers());
    }

    private static String withoutAwsChunked(String contentEncoding) {
        StringBuilder kept = new StringBuilder();
        for (String part : contentEncoding.split(",")) {
            String p = part.trim();
            if (!p.isEmpty() && !p.equalsIgnoreCase("aws-chunked")) {
                kept.append(kept.length() == 0 ? "" : ",").append(p);
            }
        }
        return kept.toString();
    }
}
