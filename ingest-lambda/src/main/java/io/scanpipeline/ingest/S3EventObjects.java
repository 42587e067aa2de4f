package io.scanpipeline.ingest;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the objects named by an S3 event notification. */
public final class S3EventObjects {

    private S3EventObjects() {}

    /**
     * The ObjectCreated records of the event as {@link SourceObject}s, keys decoded (S3 URL-encodes keys in events:
     * {@code +} for a space, {@code %XX} for UTF-8 bytes). Other event types (e.g. ObjectRemoved, TestEvent) are left
     * out.
     */
    public static List<SourceObject> createdObjects(S3Event event) {
        List<SourceObject> objects = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            return objects;
        }
        for (S3EventNotificationRecord record : event.getRecords()) {
            String name = record.getEventName();
            if (name != null && !name.startsWith("ObjectCreated") && !name.startsWith("s3:ObjectCreated")) {
                continue;
            }
            S3ObjectEntity object = record.getS3().getObject();
            objects.add(new SourceObject(
                    record.getS3().getBucket().getName(),
                    decodeKey(object.getKey()),
                    Optional.ofNullable(object.getVersionId()),
                    Optional.ofNullable(object.getSequencer()),
                    object.getSizeAsLong() == null ? -1 : object.getSizeAsLong()));
        }
        return objects;
    }

    /** Decodes an event's object key: {@code +} is a space, {@code %XX} are UTF-8 bytes. */
    public static String decodeKey(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
