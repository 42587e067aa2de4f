package io.scanpipeline.ingest.reingest;

/**
 * What one re-ingest did.
 *
 * @param objects     objects processed: source objects (prefix), or quarantine objects (quarantine)
 * @param records     records read from the sources, or quarantine lines read
 * @param written     items DynamoDB holds as this run built them (confirmed writes, unchanged ones included)
 * @param unchanged   of {@code written}: items already stored exactly so, left unwritten (no stream record)
 * @param quarantined records still in the quarantine after this run
 * @param skipped     objects (prefix) or quarantine lines left as they were: a newer version exists, the object is
 *                    gone, or the line holds no record to rebuild (the ingest's own objects are not counted)
 * @param failed      objects that failed for a passing reason (S3 or DynamoDB): run again
 */
public record ReingestCounts(
        long objects, long records, long written, long unchanged, long quarantined, long skipped, long failed) {

    public static final ReingestCounts NONE = new ReingestCounts(0, 0, 0, 0, 0, 0, 0);

    /** Items this run changed in DynamoDB. */
    public long changed() {
        return written - unchanged;
    }

    public ReingestCounts plus(ReingestCounts o) {
        return new ReingestCounts(
                objects + o.objects,
                records + o.records,
                written + o.written,
                unchanged + o.unchanged,
                quarantined + o.quarantined,
                skipped + o.skipped,
                failed + o.failed);
    }

    /** One line, e.g. {@code objects=3 records=40 written=40 changed=0 unchanged=40 quarantined=1 skipped=0 failed=0}. */
    public String describe() {
        return "objects=" + objects + " records=" + records + " written=" + written + " changed=" + changed()
                + " unchanged=" + unchanged + " quarantined=" + quarantined + " skipped=" + skipped
                + " failed=" + failed;
    }
}
