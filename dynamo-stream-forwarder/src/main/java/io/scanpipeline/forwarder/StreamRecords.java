package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Builds the event Lambda's event-source mapping would deliver from records read with the SDK's
 * {@code DynamoDbStreamsClient.getRecords}, so that a test against a DynamoDB Streams emulator (or a local poller)
 * drives {@link ForwarderService} exactly as Lambda does.
 */
public final class StreamRecords {

    private StreamRecords() {}

    /**
     * Converts SDK v2 stream records, in order, into one {@link DynamodbEvent}.
     *
     * @param records        records of one shard, as {@code GetRecords} returned them
     * @param eventSourceArn the stream ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}); the SDK
     *                       records do not carry it, Lambda adds it to each record
     */
    public static DynamodbEvent toLambdaEvent(List<Record> records, String eventSourceArn) {
        List<DynamodbStreamRecord> converted = new ArrayList<>(records.size());
        for (Record record : records) {
            converted.add(toLambdaRecord(record, eventSourceArn));
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(converted);
        return event;
    }

    /** Converts one SDK v2 stream record; see {@link #toLambdaEvent}. */
    public static DynamodbStreamRecord toLambdaRecord(Record record, String eventSourceArn) {
        DynamodbStreamRecord result = new DynamodbStreamRecord();
        result.setEventID(record.eventID());
        result.setEventName(record.eventNameAsString());
        result.setEventVersion(record.eventVersion());
        result.setEventSource(record.eventSource());
        result.setAwsRegion(record.awsRegion());
        result.setEventSourceARN(eventSourceArn);
        if (record.userIdentity() != null) {
            result.setUserIdentity(new Identity()
                    .withPrincipalId(record.userIdentity().principalId())
                    .withType(record.userIdentity().type()));
        }
        if (record.dynamodb() != null) {
            result.setDynamodb(toLambdaStreamRecord(record.dynamodb()));
        }
        return result;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord toLambdaStreamRecord(
            StreamRecord dynamodb) {
        var result = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        if (dynamodb.approximateCreationDateTime() != null) {
            result.setApproximateCreationDateTime(Date.from(dynamodb.approximateCreationDateTime()));
        }
        // has*() tells an absent map from an empty one; absent images must stay absent (null) as in Lambda events
        if (dynamodb.hasKeys()) {
            result.setKeys(LambdaAttributeValues.toLambda(dynamodb.keys()));
        }
        if (dynamodb.hasNewImage()) {
            result.setNewImage(LambdaAttributeValues.toLambda(dynamodb.newImage()));
        }
        if (dynamodb.hasOldImage()) {
            result.setOldImage(LambdaAttributeValues.toLambda(dynamodb.oldImage()));
        }
        result.setSequenceNumber(dynamodb.sequenceNumber());
        result.setSizeBytes(dynamodb.sizeBytes());
        String viewType = dynamodb.streamViewTypeAsString();
        if (viewType != null) {
            try {
                result.setStreamViewType(StreamViewType.fromValue(viewType));
            } catch (IllegalArgumentException e) {
                // a view type newer than the events library: the forwarder does not need it
            }
        }
        return result;
    }
}
