package io.scanpipeline.ingest.write;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Stands in for DynamoDB's BatchWriteItem in unit tests (the integration tests use the local emulator): stores the
 * items of each call in order, and lets a test script the answer of each call (unprocessed items, exceptions).
 */
final class FakeDynamoDb implements DynamoDbClient {

    /** Decides the answer to one call: return the requests to leave unprocessed, or throw. */
    interface Behaviour extends Function<List<WriteRequest>, List<WriteRequest>> {}

    final List<List<WriteRequest>> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Map<String, AttributeValue>> table = Collections.synchronizedMap(new LinkedHashMap<>());
    private final String keyName;
    private volatile Behaviour behaviour = requests -> List.of();

    FakeDynamoDb(String keyName) {
        this.keyName = keyName;
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        List<WriteRequest> requests = request.requestItems().values().iterator().next();
        if (requests.size() > 25) {
            throw new IllegalStateException("more than 25 requests in one BatchWriteItem");
        }
        calls.add(List.copyOf(requests));
        List<WriteRequest> unprocessed = behaviour.apply(requests);
        for (WriteRequest w : requests) {
            if (!unprocessed.contains(w)) {
                Map<String, AttributeValue> item = w.putRequest().item();
                table.put(item.get(keyName).s(), item);
            }
        }
        BatchWriteItemResponse.Builder response = BatchWriteItemResponse.builder();
        if (!unprocessed.isEmpty()) {
            response.unprocessedItems(
                    Map.of(request.requestItems().keySet().iterator().next(), unprocessed));
        }
        return response.build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {}
}
