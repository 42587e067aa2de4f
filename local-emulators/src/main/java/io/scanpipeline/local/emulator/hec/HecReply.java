package io.scanpipeline.local.emulator.hec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.util.Map;

/**
 * One HTTP answer of the receiver: status, HEC code (null when the answer has none) and body, worded as Splunk
 * words it.
 */
record HecReply(int httpStatus, Integer code, String contentType, String body) {

    private static final String JSON = "application/json";

    private record Entry(int httpStatus, String text) {}

    // Splunk's texts; the HTTP statuses follow the HEC troubleshooting table
    private static final Map<Integer, Entry> CODES = Map.ofEntries(
            Map.entry(0, new Entry(200, "Success")),
            Map.entry(1, new Entry(403, "Token disabled")),
            Map.entry(2, new Entry(401, "Token is required")),
            Map.entry(3, new Entry(401, "Invalid authorization")),
            Map.entry(4, new Entry(403, "Invalid token")),
            Map.entry(5, new Entry(400, "No data")),
            Map.entry(6, new Entry(400, "Invalid data format")),
            Map.entry(7, new Entry(400, "Incorrect index")),
            Map.entry(8, new Entry(500, "Internal server error")),
            Map.entry(9, new Entry(503, "Server is busy")),
            Map.entry(10, new Entry(400, "Data channel is missing")),
            Map.entry(11, new Entry(400, "Invalid data channel")),
            Map.entry(12, new Entry(400, "Event field is required")),
            Map.entry(13, new Entry(400, "Event field cannot be blank")),
            Map.entry(14, new Entry(400, "ACK is disabled")),
            Map.entry(15, new Entry(400, "Error in handling indexed fields")),
            Map.entry(16, new Entry(400, "Query string authorization is not enabled")),
            Map.entry(17, new Entry(200, "HEC is healthy")),
            Map.entry(18, new Entry(503, "HEC is unhealthy, queues are full")),
            Map.entry(19, new Entry(503, "HEC is unhealthy, ack service unavailable")),
            Map.entry(20, new Entry(503, "HEC is unhealthy, queues are full, ack service unavailable")));

    /** The standard answer for a HEC code. */
    static HecReply of(int code) {
        return new HecReply(
                CODES.get(code).httpStatus(), code, JSON, codeBody(code).toString());
    }

    /** 200 code 0, with the ackId when acks are on. */
    static HecReply success(Long ackId) {
        ObjectNode body = codeBody(0);
        if (ackId != null) {
            body.put("ackId", ackId);
        }
        return new HecReply(200, 0, JSON, body.toString());
    }

    /** A 400 naming the first bad event of a batch, as Splunk does for codes 6, 7, 12, 13 and 15. */
    static HecReply invalidEvent(int code, int eventNumber) {
        ObjectNode body = codeBody(code).put("invalid-event-number", eventNumber);
        return new HecReply(CODES.get(code).httpStatus(), code, JSON, body.toString());
    }

    /** The answer to an ack poll: {@code {"acks":{"0":true,"1":false}}}. */
    static HecReply acks(Map<Long, Boolean> acks) {
        ObjectNode body = EmulatorJson.mapper().createObjectNode();
        ObjectNode map = body.putObject("acks");
        acks.forEach((id, indexed) -> map.put(String.valueOf(id), indexed));
        return new HecReply(200, null, JSON, body.toString());
    }

    /** A 429 as a load balancer in front of HEC answers it: plain text, no HEC code. */
    static HecReply tooManyRequests() {
        return new HecReply(429, null, "text/plain", "Too Many Requests");
    }

    /** 413 for a body over the size limit, as a Splunk Cloud front end answers it: no HEC code. */
    static HecReply tooLarge() {
        return new HecReply(413, null, "text/plain", "Request Entity Too Large");
    }

    /** 404 for a path under /services/collector that HEC does not serve. */
    static HecReply notFound() {
        ObjectNode body = EmulatorJson.mapper()
                .createObjectNode()
                .put("text", "The requested URL was not found on this server.")
                .put("code", 404);
        return new HecReply(404, 404, JSON, body.toString());
    }

    /** 405 for a method an endpoint does not take. */
    static HecReply methodNotAllowed() {
        return new HecReply(405, null, "text/plain", "Method Not Allowed");
    }

    private static ObjectNode codeBody(int code) {
        return EmulatorJson.mapper()
                .createObjectNode()
                .put("text", CODES.get(code).text())
                .put("code", code);
    }
}
