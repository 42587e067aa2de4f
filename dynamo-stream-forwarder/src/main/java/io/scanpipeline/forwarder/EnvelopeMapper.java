package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ItemConversionException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns one DynamoDB stream record, as aws-lambda-java-events models it, into a {@link ChangeEnvelope}.
 *
 * <p>The table name comes from the record's {@code eventSourceARN}
 * ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}). Attribute values are converted with
 * {@link LambdaAttributeValues} and then {@link io.scanpipeline.core.ItemCodec}, so every type arrives exactly.
 */
public final class EnvelopeMapper {

    /**
     * Dates later than this (about the year 5138) cannot be stream times. The Java runtime reads
     * {@code ApproximateCreationDateTime} as epoch <em>seconds</em>; a producer that sends epoch milliseconds (the
     * Kinesis-format DynamoDB records, some sample events) comes out 1000 times too far from 1970.
     */
    static final long LATEST_PLAUSIBLE_EPOCH_MILLIS = 100_000_000_000_000L;

    /**
     * Maps one record.
     *
     * @throws RecordMappingException when the record cannot be mapped; permanent
     */
    public ChangeEnvelope map(DynamodbStreamRecord record) {
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            throw new RecordMappingException("record " + record.getEventID() + " has no 'dynamodb' section");
        }
        String sequenceNumber = dynamodb.getSequenceNumber();
        if (sequenceNumber == null || sequenceNumber.isEmpty()) {
            throw new RecordMappingException("record " + record.getEventID() + " has no SequenceNumber");
        }
        ChangeEnvelope.EventName eventName = eventName(record.getEventName(), sequenceNumber);
        String table = tableFromArn(record.getEventSourceARN());
        Map<String, AttributeValue> keys = LambdaAttributeValues.toSdk(dynamodb.getKeys(), "Keys");
        if (keys == null || keys.isEmpty()) {
            throw new RecordMappingException("record " + sequenceNumber + " has no Keys");
        }
        try {
            return ChangeEnvelope.of(
                    eventName,
                    table,
                    keys,
                    LambdaAttributeValues.toSdk(dynamodb.getNewImage(), "NewImage"),
                    LambdaAttributeValues.toSdk(dynamodb.getOldImage(), "OldImage"),
                    sequenceNumber,
                    creationTime(dynamodb.getApproximateCreationDateTime()));
        } catch (ItemConversionException | IllegalArgumentException e) {
            throw new RecordMappingException("record " + sequenceNumber + ": " + e.getMessage(), e);
        }
    }

    /**
     * The table name in a DynamoDB stream ARN.
     *
     * @throws RecordMappingException when the ARN is missing or names no table
     */
    public static String tableFromArn(String arn) {
        if (arn == null) {
            throw new RecordMappingException("record has no eventSourceARN, so its table is unknown");
        }
        // the stream label after "/stream/" is a timestamp full of colons: split the ARN into at most 6 parts
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[5].startsWith("table/")) {
            String resource = parts[5].substring("table/".length());
            int slash = resource.indexOf('/');
            String table = slash < 0 ? resource : resource.substring(0, slash);
            if (!table.isEmpty()) {
                return table;
            }
        }
        throw new RecordMappingException("eventSourceARN '" + arn + "' names no DynamoDB table");
    }

    /**
     * The instant of {@code ApproximateCreationDateTime}, or null when absent. A value the runtime read from epoch
     * milliseconds as if they were seconds is scaled back (see {@link #LATEST_PLAUSIBLE_EPOCH_MILLIS}).
     */
    public static Instant creationTime(Date date) {
        if (date == null) {
            return null;
        }
        long millis = date.getTime();
        if (millis > LATEST_PLAUSIBLE_EPOCH_MILLIS) {
            millis = millis / 1000;
        }
        return Instant.ofEpochMilli(millis);
    }

    private static ChangeEnvelope.EventName eventName(String name, String sequenceNumber) {
        if (name == null) {
            throw new RecordMappingException("record " + sequenceNumber + " has no eventName");
        }
        try {
            return ChangeEnvelope.EventName.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new RecordMappingException("record " + sequenceNumber + " has unknown eventName '" + name + "'");
        }
    }
}
