package io.scanpipeline.local.emulator.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders {@link S3ObjectEvent}s as the JSON documents S3 sends to Lambda, SQS and SNS. */
final class S3EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private S3EventJson() {}

    static String render(S3ObjectEvent e, String region, String configurationId) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", S3Text.isoMillis(e.eventTime()));
        record.put("eventName", e.eventName());
        record.putObject("userIdentity").put("principalId", "AWS:LOCALS3USER");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = record.putObject("responseElements");
        String sequencer = e.sequencer();
        response.put("x-amz-request-id", sequencer.substring(Math.max(0, sequencer.length() - 16)));
        response.put("x-amz-id-2", "local/" + sequencer);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", e.bucket());
        bucket.putObject("ownerIdentity").put("principalId", ObjectStore.OWNER_ID);
        bucket.put("arn", "arn:aws:s3:::" + e.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", S3Text.formEncodeKey(e.key()));
        if (e.isCreated()) {
            object.put("size", e.size());
            object.put("eTag", e.eTag());
        }
        if (e.versionId() != null) {
            object.put("versionId", e.versionId());
        }
        object.put("sequencer", sequencer);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot render S3 event", ex);
        }
    }
}
