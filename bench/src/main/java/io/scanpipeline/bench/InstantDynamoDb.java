package io.scanpipeline.bench;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * A DynamoDB client double for the memory figure: accepts every {@code BatchWriteItem} at once and keeps nothing.
 * It replaces the emulator because writing a gigabyte of records to dynalite would take most of an hour; with it
 * the figure isolates what the reader and the writer hold in memory. It does not serialise requests, so the SDK's
 * marshalling buffers are not part of the figure. Every other operation throws, as the interface's defaults do.
 */
final class InstantDynamoDb implements DynamoDbClient {

    private static final BatchWriteItemResponse ACCEPTED =
            BatchWriteItemResponse.builder().build();

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return ACCEPTED;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
