package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** CopyObject: {@code PUT /bucket/key} with {@code x-amz-copy-source: /srcbucket/srckey[?versionId=...]}. */
final class CopyHandler {

    /** A parsed x-amz-copy-source header. */
    record Source(String bucket, String key, String versionId) {}

    private final ObjectStore store;

    CopyHandler(ObjectStore store) {
        this.store = store;
    }

    void copyObject(S3Exchange r) throws IOException {
        Source source = parseSource(r.header("x-amz-copy-source"));
        store.bucket(r.bucket());
        String directive = r.header("x-amz-metadata-directive");
        boolean replace = directive != null && directive.trim().equalsIgnoreCase("REPLACE");
        if (directive != null && !replace && !directive.trim().equalsIgnoreCase("COPY")) {
            throw S3Exception.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }
        if (!replace
                && source.bucket().equals(r.bucket())
                && source.key().equals(r.key())
                && source.versionId() == null) {
            throw S3Exception.invalidRequest("This copy request is illegal because it is trying to copy an object "
                    + "to itself without changing the object's metadata, storage class, website redirect location "
                    + "or encryption attributes.");
        }
        Path tmp = store.newTempFile();
        try {
            ObjectStore.OpenedVersion src = store.open(source.bucket(), source.key(), source.versionId(), "GET");
            MessageDigest md5 = BodyReceiver.md5();
            try (FileChannel channel = src.channel();
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md5)) {
                ObjectHandlers.copy(channel, 0, src.version().size(), out);
            }
            ObjectVersion from = src.version();
            ObjectAttributes attributes =
                    replace ? ObjectAttributes.fromRequest(r.requestHeaders()) : ObjectAttributes.of(from);
            ObjectStore.NewContent content = new ObjectStore.NewContent(
                    tmp,
                    from.size(),
                    HexFormat.of().formatHex(md5.digest()),
                    from.checksumAlgorithm() == null ? null : ChecksumAlgorithm.valueOf(from.checksumAlgorithm()),
                    from.checksumValue());
            ObjectVersion copy = store.put(
                    r.bucket(), r.key(), content, attributes, ObjectStore.WriteCondition.NONE, "ObjectCreated:Copy");
            r.setHeader("x-amz-version-id", copy.visibleVersionId());
            r.setHeader("x-amz-copy-source-version-id", from.visibleVersionId());
            r.sendXml(
                    200,
                    XmlWriter.document("CopyObjectResult")
                            .element("LastModified", copy.lastModified())
                            .element("ETag", copy.quotedETag())
                            .finish("CopyObjectResult"));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Parses {@code [/]bucket/key[?versionId=id]}, where the key part is URL-encoded. */
    static Source parseSource(String header) {
        String raw = header.trim();
        String versionId = null;
        int question = raw.indexOf('?');
        if (question >= 0) {
            for (String param : raw.substring(question + 1).split("&")) {
                if (param.startsWith("versionId=")) {
                    versionId = S3Text.percentDecode(param.substring("versionId=".length()), true);
                }
            }
            raw = raw.substring(0, question);
        }
        String path = S3Text.percentDecode(raw, false);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw S3Exception.invalidArgument(
                    "Copy Source must mention the source bucket and key: " + "sourcebucket/sourcekey",
                    "x-amz-copy-source",
                    header);
        }
        return new Source(
                path.substring(0, slash),
                path.substring(slash + 1),
                versionId == null || versionId.isEmpty() ? null : versionId);
    }
}
