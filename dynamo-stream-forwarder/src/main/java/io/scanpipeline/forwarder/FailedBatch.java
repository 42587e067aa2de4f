package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Objects;

/**
 * One on-failure record of the forwarder's stream mapping: the batch Lambda gave up on.
 *
 * <p>What Lambda writes (AWS Lambda developer guide, "Retaining discarded records for a DynamoDB event source"): to
 * every destination a JSON document with {@code requestContext}, {@code responseContext}, {@code version},
 * {@code timestamp} and {@code DDBStreamBatchInfo} (shard, start/end sequence numbers, batch size, stream ARN), which
 * is metadata only; to an <b>S3</b> destination Lambda also writes the whole invocation, the event with its
 * {@code Records}, under {@code payload}. So an S3 on-failure object can be re-forwarded on its own, at any time;
 * an SQS/SNS record cannot: its records exist only in the DynamoDB stream, for its 24 h retention.
 *
 * @param source      where the record was read (object key or file and line), for messages
 * @param event       the failed invocation's event, from {@code payload}
 */
public record FailedBatch(
        String source,
        String streamArn,
        String shardId,
        String startSequenceNumber,
        String endSequenceNumber,
        DynamodbEvent event) {

    private static final PojoSerializer<DynamodbEvent> EVENTS =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, FailedBatch.class.getClassLoader());

    /** Stream order: by shard's stream, then by sequence number (numeric; they grow within a stream). */
    public static final Comparator<FailedBatch> STREAM_ORDER = Comparator.comparing(FailedBatch::streamArn)
            .thenComparing(batch -> new BigInteger(batch.startSequenceNumber()));

    public FailedBatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(event, "event");
    }

    /** The number of stream records in the batch. */
    public int size() {
        return event.getRecords().size();
    }

    /**
     * Reads one on-failure record.
     *
     * @throws FailedBatchFormatException naming {@code source} and the field, when it is not a DynamoDB stream
     *                                    on-failure record, or carries no payload (an SQS/SNS destination's record:
     *                                    its records must be read again from the stream within its 24 h)
     */
    public static FailedBatch parse(JsonNode record, String source) {
        JsonNode info = record.path("DDBStreamBatchInfo");
        if (!info.isObject()) {
            throw new FailedBatchFormatException(source + ": no DDBStreamBatchInfo object; not an on-failure record"
                    + " of a DynamoDB stream mapping");
        }
        String streamArn = text(info, "streamArn", source);
        String shardId = text(info, "shardId", source);
        String start = text(info, "startSequenceNumber", source);
        String end = text(info, "endSequenceNumber", source);
        if (!start.chars().allMatch(Character::isDigit)) {
            throw new FailedBatchFormatException(
                    source + ": DDBStreamBatchInfo.startSequenceNumber '" + start + "' is not a sequence number");
        }
        JsonNode payload = record.get("payload");
        if (payload == null || payload.isNull()) {
            throw new FailedBatchFormatException(source + ": no 'payload': only an S3 on-failure destination keeps"
                    + " the records; re-read shard " + shardId + " from " + start + " to " + end
                    + " (GetShardIterator AT_SEQUENCE_NUMBER) while the stream still holds them (24 h)");
        }
        String json = payload.isTextual() ? payload.asText() : payload.toString();
        DynamodbEvent event;
        try {
            event = EVENTS.fromJson(json);
        } catch (RuntimeException e) {
            throw new FailedBatchFormatException(source + ": 'payload' is not a DynamoDB stream event: " + e, e);
        }
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            throw new FailedBatchFormatException(source + ": 'payload' holds no Records");
        }
        return new FailedBatch(source, streamArn, shardId, start, end, event);
    }

    private static String text(JsonNode info, String field, String source) {
        JsonNode value = info.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new FailedBatchFormatException(source + ": DDBStreamBatchInfo." + field + " is missing or empty");
        }
        return value.asText();
    }
}
