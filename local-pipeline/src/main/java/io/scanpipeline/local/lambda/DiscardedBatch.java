package io.scanpipeline.local.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A batch the mapping gave up on, and the on-failure record written for it.
 *
 * @param condition      Lambda's condition: {@value #RETRIES_EXHAUSTED} or {@value #RECORD_AGE_EXCEEDED}
 * @param errorType      the last error's type (exception class, {@link InvocationOutcome#INVALID_RESPONSE},
 *                       {@value #BATCH_ITEM_FAILURE}), or null when the records were never delivered
 * @param functionError  whether the last invocation threw (Lambda's {@code functionError: Unhandled})
 * @param invokeCount    invocations that held these records (splitting counted along)
 */
record DiscardedBatch(
        String streamArn,
        String shardId,
        String functionName,
        List<Record> records,
        String condition,
        String errorType,
        String errorMessage,
        boolean functionError,
        int invokeCount,
        Instant at) {

    /** Retries used up ({@code MaximumRetryAttempts}). */
    static final String RETRIES_EXHAUSTED = "RetryAttemptsExhausted";
    /** Records older than {@code MaximumRecordAge}, or than the stream's retention. */
    static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";
    /** The error type when the function reported the batch's first record as failed. */
    static final String BATCH_ITEM_FAILURE = "BatchItemFailure";

    DiscardedBatch {
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a discarded batch holds at least one record");
        }
    }

    /**
     * The on-failure record: the shape Lambda sends to an on-failure destination of a DynamoDB stream mapping
     * ({@code requestContext}, {@code responseContext}, {@code version}, {@code timestamp},
     * {@code DDBStreamBatchInfo}: batch metadata) and, as Lambda adds for an <b>S3</b> destination, the whole
     * invocation under {@code payload} (the event JSON the function received, as a string), so the records survive
     * the stream's 24 h and {@code RedriveFailedBatches} can forward them again; plus {@code error} and the records'
     * {@code keys} (DynamoDB JSON, in stream order) so a local run shows at a glance which items were skipped.
     */
    ObjectNode toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode request = root.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", functionArn());
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        if (invokeCount > 0) {
            ObjectNode response = root.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", "$LATEST");
            if (functionError) {
                response.put("functionError", "Unhandled");
            }
        }
        root.put("version", "1.0");
        root.put("timestamp", at.toString());
        ObjectNode info = root.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", records.get(0).dynamodb().sequenceNumber());
        info.put("endSequenceNumber", records.get(records.size() - 1).dynamodb().sequenceNumber());
        Instant first = records.get(0).dynamodb().approximateCreationDateTime();
        Instant last = records.get(records.size() - 1).dynamodb().approximateCreationDateTime();
        if (first != null) {
            info.put("approximateArrivalOfFirstRecord", first.toString());
        }
        if (last != null) {
            info.put("approximateArrivalOfLastRecord", last.toString());
        }
        info.put("batchSize", records.size());
        info.put("streamArn", streamArn);
        if (errorType != null || errorMessage != null) {
            ObjectNode error = root.putObject("error");
            error.put("type", errorType);
            error.put("message", errorMessage);
        }
        root.put("payload", DynamoDbEventJson.toJson(records, streamArn));
        ArrayNode keys = root.putArray("keys");
        for (Record record : records) {
            keys.add(
                    record.dynamodb().hasKeys()
                            ? DynamoDbEventJson.attributeMap(record.dynamodb().keys())
                            : Json.mapper().createObjectNode());
        }
        return root;
    }

    /** The function's ARN in the stream's region and account, as LocalContext names local functions. */
    private String functionArn() {
        String[] arn = streamArn.split(":", 6);
        String region = arn.length > 4 ? arn[3] : "us-east-1";
        String account = arn.length > 4 ? arn[4] : "000000000000";
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
    }
}
