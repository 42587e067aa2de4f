package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds small synthetic stream events of the project's own table for service tests. */
final class StreamEvents {

    static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Employees/stream/2024-01-01T00:00:00.000";
    static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

    private StreamEvents() {}

    static DynamodbEvent event(DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(Arrays.asList(records));
        return event;
    }

    /** An INSERT of employee {@code empId} with one extra string attribute {@code dept}. */
    static DynamodbStreamRecord insert(String sequenceNumber, String empId, String dept) {
        return record("INSERT", sequenceNumber, empId, image(empId, dept), null);
    }

    static DynamodbStreamRecord modify(String sequenceNumber, String empId, String oldDept, String newDept) {
        return record("MODIFY", sequenceNumber, empId, image(empId, newDept), image(empId, oldDept));
    }

    static DynamodbStreamRecord remove(String sequenceNumber, String empId, String dept) {
        return record("REMOVE", sequenceNumber, empId, null, image(empId, dept));
    }

    static DynamodbStreamRecord record(
            String eventName,
            String sequenceNumber,
            String empId,
            Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage) {
        StreamRecord dynamodb = new StreamRecord();
        dynamodb.setKeys(new LinkedHashMap<>(Map.of("emp_id", new AttributeValue().withS(empId))));
        dynamodb.setNewImage(newImage);
        dynamodb.setOldImage(oldImage);
        dynamodb.setSequenceNumber(sequenceNumber);
        dynamodb.setApproximateCreationDateTime(Date.from(CREATED));
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID("event-" + sequenceNumber);
        record.setEventName(eventName);
        record.setEventSource("aws:dynamodb");
        record.setEventSourceARN(ARN);
        record.setDynamodb(dynamodb);
        return record;
    }

    static Map<String, AttributeValue> image(String empId, String dept) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("emp_id", new AttributeValue().withS(empId));
        image.put("dept", new AttributeValue().withS(dept));
        return image;
    }
}
