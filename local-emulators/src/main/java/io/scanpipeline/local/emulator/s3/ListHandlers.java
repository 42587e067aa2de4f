package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

/** ListObjects (v1), ListObjectsV2 and ListObjectVersions: request parameters and response documents. */
final class ListHandlers {

    private static final int MAX_KEYS = 1000;

    private final ObjectStore store;

    ListHandlers(ObjectStore store) {
        this.store = store;
    }

    /** GET /bucket?list-type=2 : ListObjectsV2. */
    void listV2(S3Exchange r) throws IOException {
        String prefix = nonNull(r.query("prefix"));
        String delimiter = emptyToNull(r.query("delimiter"));
        int maxKeys = maxKeys(r);
        String token = r.query("continuation-token");
        String startAfter = emptyToNull(r.query("start-after"));
        String after = token != null ? decodeToken(token) : startAfter;
        Listings.Page page =
                store.read(r.bucket(), b -> Listings.current(b, prefix, delimiter, after, token != null, maxKeys));
        UnaryOperator<String> enc = encoder(r);
        boolean owner = "true".equalsIgnoreCase(r.query("fetch-owner"));
        XmlWriter xml = XmlWriter.document("ListBucketResult")
                .element("Name", r.bucket())
                .element("Prefix", enc.apply(prefix))
                .element("Delimiter", enc.apply(delimiter))
                .element("MaxKeys", maxKeys)
                .element("KeyCount", page.items().size() + page.commonPrefixes().size())
                .element("IsTruncated", page.truncated())
                .element("ContinuationToken", token)
                .element("NextContinuationToken", page.truncated() ? encodeToken(page.lastKey()) : null)
                .element("StartAfter", enc.apply(startAfter))
                .element("EncodingType", encodingType(r));
        for (ObjectVersion v : page.items()) {
            contents(xml, v, enc, owner);
        }
        prefixes(xml, page, enc);
        r.sendXml(200, xml.finish("ListBucketResult"));
    }

    /** GET /bucket : ListObjects (v1). */
    void listV1(S3Exchange r) throws IOException {
        String prefix = nonNull(r.query("prefix"));
        String delimiter = emptyToNull(r.query("delimiter"));
        int maxKeys = maxKeys(r);
        String marker = emptyToNull(r.query("marker"));
        Listings.Page page = store.read(r.bucket(), b -> Listings.current(b, prefix, delimiter, marker, true, maxKeys));
        UnaryOperator<String> enc = encoder(r);
        XmlWriter xml = XmlWriter.document("ListBucketResult")
                .element("Name", r.bucket())
                .element("Prefix", enc.apply(prefix))
                .element("Marker", enc.apply(nonNull(marker)))
                .element("NextMarker", page.truncated() && delimiter != null ? enc.apply(page.lastKey()) : null)
                .element("MaxKeys", maxKeys)
                .element("Delimiter", enc.apply(delimiter))
                .element("IsTruncated", page.truncated())
                .element("EncodingType", encodingType(r));
        for (ObjectVersion v : page.items()) {
            contents(xml, v, enc, true);
        }
        prefixes(xml, page, enc);
        r.sendXml(200, xml.finish("ListBucketResult"));
    }

    /** GET /bucket?versions : ListObjectVersions. */
    void listVersions(S3Exchange r) throws IOException {
        String prefix = nonNull(r.query("prefix"));
        String delimiter = emptyToNull(r.query("delimiter"));
        int maxKeys = maxKeys(r);
        String keyMarker = emptyToNull(r.query("key-marker"));
        String versionIdMarker = emptyToNull(r.query("version-id-marker"));
        Listings.Page page = store.read(
                r.bucket(), b -> Listings.versions(b, prefix, delimiter, keyMarker, versionIdMarker, maxKeys));
        UnaryOperator<String> enc = encoder(r);
        XmlWriter xml = XmlWriter.document("ListVersionsResult")
                .element("Name", r.bucket())
                .element("Prefix", enc.apply(prefix))
                .element("KeyMarker", enc.apply(nonNull(keyMarker)))
                .element("VersionIdMarker", nonNull(versionIdMarker));
        if (page.truncated()) {
            xml.element("NextKeyMarker", enc.apply(page.lastKey()))
                    .element("NextVersionIdMarker", page.lastVersionId());
        }
        xml.element("MaxKeys", maxKeys)
                .element("Delimiter", enc.apply(delimiter))
                .element("IsTruncated", page.truncated())
                .element("EncodingType", encodingType(r));
        for (ObjectVersion v : page.items()) {
            boolean latest = page.latest().contains(v.storageId());
            String element = v.deleteMarker() ? "DeleteMarker" : "Version";
            xml.start(element)
                    .element("Key", enc.apply(v.key()))
                    .element("VersionId", v.versionId())
                    .element("IsLatest", latest)
                    .element("LastModified", v.lastModified());
            if (!v.deleteMarker()) {
                xml.element("ETag", v.quotedETag()).element("Size", v.size()).element("StorageClass", "STANDARD");
            }
            xml.owner("Owner").end(element);
        }
        prefixes(xml, page, enc);
        r.sendXml(200, xml.finish("ListVersionsResult"));
    }

    private static void contents(XmlWriter xml, ObjectVersion v, UnaryOperator<String> enc, boolean owner) {
        xml.start("Contents")
                .element("Key", enc.apply(v.key()))
                .element("LastModified", v.lastModified())
                .element("ETag", v.quotedETag())
                .element("ChecksumAlgorithm", v.checksumAlgorithm())
                .element("Size", v.size())
                .element("StorageClass", "STANDARD");
        if (owner) {
            xml.owner("Owner");
        }
        xml.end("Contents");
    }

    private static void prefixes(XmlWriter xml, Listings.Page page, UnaryOperator<String> enc) {
        for (String p : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", enc.apply(p)).end("CommonPrefixes");
        }
    }

    private static int maxKeys(S3Exchange r) {
        String value = r.query("max-keys");
        if (value == null || value.isEmpty()) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException(value);
            }
            return Math.min(n, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument(
                    "Provided max-keys not an integer or within integer range", "max-keys", value);
        }
    }

    private static String encodingType(S3Exchange r) {
        String type = r.query("encoding-type");
        if (type == null || type.isEmpty()) {
            return null;
        }
        if (!type.equalsIgnoreCase("url")) {
            throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", type);
        }
        return "url";
    }

    private static UnaryOperator<String> encoder(S3Exchange r) {
        return encodingType(r) == null ? s -> s : s -> s == null ? null : S3Text.formEncodeKey(s);
    }

    private static String encodeToken(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidArgument(
                    "The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
