package io.scanpipeline.local.emulator.s3;

import java.io.IOException;

/** Bucket operations: create, head, delete, list buckets, versioning configuration and location. */
final class BucketHandlers {

    private final ObjectStore store;

    BucketHandlers(ObjectStore store) {
        this.store = store;
    }

    /** GET / : ListBuckets (all buckets in one page, optionally filtered by prefix). */
    void listBuckets(S3Exchange r) throws IOException {
        XmlWriter xml =
                XmlWriter.document("ListAllMyBucketsResult").owner("Owner").start("Buckets");
        String prefix = r.query("prefix");
        for (BucketState bucket : store.buckets()) {
            if (prefix != null && !bucket.name().startsWith(prefix)) {
                continue;
            }
            xml.start("Bucket")
                    .element("Name", bucket.name())
                    .element("CreationDate", bucket.created())
                    .end("Bucket");
        }
        r.sendXml(200, xml.end("Buckets").finish("ListAllMyBucketsResult"));
    }

    /** PUT /bucket : CreateBucket (a CreateBucketConfiguration body is accepted and ignored). */
    void createBucket(S3Exchange r) throws IOException {
        r.readSmallBody(64 * 1024);
        store.createBucket(r.bucket());
        r.setHeader("Location", "/" + r.bucket());
        r.sendEmpty(200);
    }

    /** HEAD /bucket : HeadBucket. */
    void headBucket(S3Exchange r) throws IOException {
        store.bucket(r.bucket());
        r.setHeader("x-amz-bucket-region", LocalS3Server.DEFAULT_REGION);
        r.sendEmpty(200);
    }

    /** DELETE /bucket : DeleteBucket, only when no version of any key is left. */
    void deleteBucket(S3Exchange r) throws IOException {
        store.deleteBucket(r.bucket());
        r.sendEmpty(204);
    }

    /** PUT /bucket?versioning : PutBucketVersioning. */
    void putVersioning(S3Exchange r) throws IOException {
        byte[] body = r.readSmallBody(64 * 1024);
        store.bucket(r.bucket());
        String status = XmlRequests.versioningStatus(body);
        BucketState.Versioning state;
        if ("Enabled".equals(status)) {
            state = BucketState.Versioning.ENABLED;
        } else if ("Suspended".equals(status)) {
            state = BucketState.Versioning.SUSPENDED;
        } else {
            throw S3Exception.malformedXml();
        }
        store.setVersioning(r.bucket(), state);
        r.sendEmpty(200);
    }

    /** GET /bucket?versioning : GetBucketVersioning (no Status element when versioning was never set). */
    void getVersioning(S3Exchange r) throws IOException {
        BucketState.Versioning state = store.versioning(r.bucket());
        XmlWriter xml = XmlWriter.document("VersioningConfiguration");
        if (state == BucketState.Versioning.ENABLED) {
            xml.element("Status", "Enabled");
        } else if (state == BucketState.Versioning.SUSPENDED) {
            xml.element("Status", "Suspended");
        }
        r.sendXml(200, xml.finish("VersioningConfiguration"));
    }

    /** GET /bucket?location : GetBucketLocation (empty, meaning us-east-1). */
    void getLocation(S3Exchange r) throws IOException {
        store.bucket(r.bucket());
        r.sendXml(200, XmlWriter.document("LocationConstraint").finish("LocationConstraint"));
    }
}
