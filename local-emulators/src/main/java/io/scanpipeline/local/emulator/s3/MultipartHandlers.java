package io.scanpipeline.local.emulator.s3;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** CreateMultipartUpload, UploadPart, CompleteMultipartUpload and AbortMultipartUpload. */
final class MultipartHandlers {

    /** S3's minimum size of every part but the last. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private static final int MAX_PART_NUMBER = 10_000;

    private final ObjectStore store;
    private final MultipartStore uploads;

    MultipartHandlers(ObjectStore store, MultipartStore uploads) {
        this.store = store;
        this.uploads = uploads;
    }

    /** POST /bucket/key?uploads : CreateMultipartUpload. */
    void create(S3Exchange r) throws IOException {
        ObjectHandlers.checkKey(r.key());
        r.readSmallBody(64 * 1024);
        store.bucket(r.bucket());
        MultipartStore.Upload upload =
                uploads.create(r.bucket(), r.key(), ObjectAttributes.fromRequest(r.requestHeaders()));
        r.setHeader("x-amz-checksum-algorithm", r.header("x-amz-checksum-algorithm"));
        r.sendXml(
                200,
                XmlWriter.document("InitiateMultipartUploadResult")
                        .element("Bucket", r.bucket())
                        .element("Key", r.key())
                        .element("UploadId", upload.uploadId())
                        .finish("InitiateMultipartUploadResult"));
    }

    /** PUT /bucket/key?partNumber=N&uploadId=ID : UploadPart. */
    void uploadPart(S3Exchange r) throws IOException {
        int partNumber = partNumber(r.query("partNumber"));
        store.bucket(r.bucket());
        MultipartStore.Upload upload = uploads.get(r.query("uploadId"), r.bucket(), r.key());
        Path tmp = store.newTempFile();
        try {
            ReceivedBody body = BodyReceiver.receive(r, tmp);
            MultipartStore.Part part = uploads.putPart(upload, partNumber, body);
            r.setHeader("ETag", "\"" + part.eTag() + "\"");
            if (body.checksumAlgorithm() != null) {
                r.setHeader(body.checksumAlgorithm().headerName(), body.checksumValue());
            }
            r.sendEmpty(200);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** POST /bucket/key?uploadId=ID : CompleteMultipartUpload. */
    void complete(S3Exchange r) throws IOException {
        byte[] xml = r.readSmallBody(4 * 1024 * 1024);
        store.bucket(r.bucket());
        MultipartStore.Upload upload = uploads.get(r.query("uploadId"), r.bucket(), r.key());
        List<XmlRequests.PartRef> refs = XmlRequests.completedParts(xml);
        uploads.beginCompletion(upload);
        boolean succeeded = false;
        Path tmp = null;
        try {
            List<MultipartStore.Part> parts = validate(upload, refs);
            tmp = store.newTempFile();
            MessageDigest md5OfMd5s = BodyReceiver.md5();
            long size = 0;
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                for (MultipartStore.Part part : parts) {
                    md5OfMd5s.update(part.md5());
                    try (FileChannel in = FileChannel.open(part.file())) {
                        long done = 0;
                        while (done < part.size()) {
                            done += in.transferTo(done, part.size() - done, out);
                        }
                    }
                    size += part.size();
                }
            }
            String eTag = HexFormat.of().formatHex(md5OfMd5s.digest()) + "-" + parts.size();
            ObjectVersion v = store.put(
                    r.bucket(),
                    r.key(),
                    new ObjectStore.NewContent(tmp, size, eTag, null, null),
                    upload.attributes(),
                    ObjectStore.WriteCondition.of(r),
                    "ObjectCreated:CompleteMultipartUpload");
            succeeded = true;
            r.setHeader("x-amz-version-id", v.visibleVersionId());
            r.sendXml(
                    200,
                    XmlWriter.document("CompleteMultipartUploadResult")
                            .element("Location", location(r))
                            .element("Bucket", r.bucket())
                            .element("Key", r.key())
                            .element("ETag", v.quotedETag())
                            .finish("CompleteMultipartUploadResult"));
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            uploads.endCompletion(upload, succeeded);
        }
    }

    /** The object URL as S3 reports it, e.g. {@code http://127.0.0.1:PORT/bucket/key%20name}. */
    private static String location(S3Exchange r) {
        String host = r.header("Host");
        String path = "/" + r.bucket() + "/" + S3Text.formEncodeKey(r.key()).replace("+", "%20");
        return host == null ? path : "http://" + host + path;
    }

    /** DELETE /bucket/key?uploadId=ID : AbortMultipartUpload. */
    void abort(S3Exchange r) throws IOException {
        store.bucket(r.bucket());
        uploads.abort(r.query("uploadId"), r.bucket(), r.key());
        r.sendEmpty(204);
    }

    /** Checks the client's part list against the received parts, as S3 does. */
    private static List<MultipartStore.Part> validate(MultipartStore.Upload upload, List<XmlRequests.PartRef> refs) {
        if (refs.isEmpty()) {
            throw S3Exception.malformedXml();
        }
        List<MultipartStore.Part> parts = new ArrayList<>(refs.size());
        int previous = 0;
        for (XmlRequests.PartRef ref : refs) {
            if (ref.partNumber() <= previous) {
                throw new S3Exception(
                                400,
                                "InvalidPartOrder",
                                "The list of parts was not in ascending order. "
                                        + "Parts must be ordered by part number.")
                        .detail("UploadId", upload.uploadId());
            }
            previous = ref.partNumber();
            MultipartStore.Part part = upload.parts().get(ref.partNumber());
            String eTag = ref.eTag().replace("\"", "");
            if (part == null || !part.eTag().equalsIgnoreCase(eTag)) {
                throw new S3Exception(
                                400,
                                "InvalidPart",
                                "One or more of the specified parts could not be found. "
                                        + "The part might not have been uploaded, or the specified entity tag might not have "
                                        + "matched the part's entity tag.")
                        .detail("UploadId", upload.uploadId())
                        .detail("PartNumber", Integer.toString(ref.partNumber()))
                        .detail("ETag", ref.eTag());
            }
            parts.add(part);
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).size() < MIN_PART_SIZE) {
                throw new S3Exception(
                                400,
                                "EntityTooSmall",
                                "Your proposed upload is smaller than the minimum " + "allowed object size.")
                        .detail("ProposedSize", Long.toString(parts.get(i).size()))
                        .detail("MinSizeAllowed", Long.toString(MIN_PART_SIZE))
                        .detail("PartNumber", Integer.toString(parts.get(i).partNumber()));
            }
        }
        return parts;
    }

    private static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw S3Exception.invalidArgument(
                "Part number must be an integer between 1 and 10000, inclusive", "partNumber", value);
    }
}
