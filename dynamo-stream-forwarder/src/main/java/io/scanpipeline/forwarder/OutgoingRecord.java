package io.scanpipeline.forwarder;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.ItemCodec;
import software.amazon.awssdk.core.SdkBytes;

/**
 * One envelope ready for Kinesis.
 *
 * @param sequenceNumber the DynamoDB stream sequence number it came from (what a batch item failure reports)
 * @param eventId        the envelope's id, for logs
 * @param partitionKey   the Kinesis partition key
 * @param data           the envelope's JSON bytes
 */
public record OutgoingRecord(String sequenceNumber, String eventId, String partitionKey, SdkBytes data) {

    /** Encodes {@code envelope}. */
    public static OutgoingRecord of(ChangeEnvelope envelope) {
        return new OutgoingRecord(
                envelope.sequenceNumber(),
                envelope.eventId(),
                envelope.partitionKey(),
                SdkBytes.fromByteArrayUnsafe(ChangeEnvelopeCodec.toBytes(envelope)));
    }

    /** What Kinesis counts against its record and request limits: data plus partition key, in bytes. */
    public long size() {
        return data.asByteArrayUnsafe().length + ItemCodec.utf8Length(partitionKey);
    }
}
