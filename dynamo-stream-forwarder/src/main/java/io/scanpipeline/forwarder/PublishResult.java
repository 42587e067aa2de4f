package io.scanpipeline.forwarder;

/**
 * What {@link KinesisPublisher#publish} achieved.
 *
 * @param publishedPrefix how many leading records are published; the record at this index (if any) is the first
 *                        one that is not, and nothing after it is guaranteed
 * @param accepted        records Kinesis accepted in all, including any accepted after the first failure
 * @param retried         entries sent again after a failed entry or call (one entry resent twice counts two)
 * @param calls           PutRecords calls made
 * @param failure         why publishing stopped early, or null when every record is published
 */
public record PublishResult(int publishedPrefix, int accepted, int retried, int calls, String failure) {

    /** Whether every record was published. */
    public boolean complete() {
        return failure == null;
    }
}
