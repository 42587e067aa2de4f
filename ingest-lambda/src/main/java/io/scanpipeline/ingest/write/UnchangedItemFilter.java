package io.scanpipeline.ingest.write;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@link DynamoDbClient} for re-ingest that leaves out of each {@code BatchWriteItem} the items already stored
 * exactly as they would be written, and counts them. Writing an identical item changes nothing either (DynamoDB
 * Streams records no change for it), so the table ends up the same; what this adds is the count a re-ingest
 * reports ("0 changed items" on a second run) and fewer write units. Each batch costs one consistent
 * {@code BatchGetItem} of its keys. An item that could not be read back (unprocessed keys), or that differs only in
 * how DynamoDB normalised it (a number's text, a set's order), is written: a conservative "changed".
 *
 * <p>Every other call goes to the wrapped client unchanged. Thread-safe (the writer's lanes call it at once).
 */
public final class UnchangedItemFilter implements InvocationHandler {

    private static final int MAX_GET_KEYS = 100;

    private final DynamoDbClient delegate;
    private final DynamoDbClient client;
    private final Map<String, List<String>> keyNames = new ConcurrentHashMap<>();
    private final AtomicLong unchanged = new AtomicLong();

    /** Filters the writes made through {@link #client()}; every other call goes to {@code delegate} unchanged. */
    public UnchangedItemFilter(DynamoDbClient delegate) {
        this.delegate = delegate;
        this.client = (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, this);
    }

    /** The filtering client. */
    public DynamoDbClient client() {
        return client;
    }

    /** Items left out so far because they were stored exactly as they would have been written. */
    public long unchanged() {
        return unchanged.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("batchWriteItem")
                && args != null
                && args.length == 1
                && args[0] instanceof BatchWriteItemRequest request) {
            return batchWriteItem(request);
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "UnchangedItemFilter(" + delegate + ")";
            };
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        Map<String, List<WriteRequest>> remaining = new LinkedHashMap<>();
        long left = 0;
        for (Map.Entry<String, List<WriteRequest>> table :
                request.requestItems().entrySet()) {
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> stored =
                    storedItems(table.getKey(), table.getValue());
            List<WriteRequest> writes = new ArrayList<>();
            for (WriteRequest write : table.getValue()) {
                if (write.putRequest() != null) {
                    Map<String, AttributeValue> item = write.putRequest().item();
                    if (item.equals(stored.get(keyOf(table.getKey(), item)))) {
                        left++;
                        continue;
                    }
                }
                writes.add(write);
            }
            if (!writes.isEmpty()) {
                remaining.put(table.getKey(), writes);
            }
        }
        BatchWriteItemResponse response = remaining.isEmpty()
                ? BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build()
                : delegate.batchWriteItem(
                        request.toBuilder().requestItems(remaining).build());
        unchanged.addAndGet(
                left); // only once the call went through: a batch that is bisected and sent again counts once
        return response;
    }

    /** The stored items with the keys of the batch's puts, by key. */
    private Map<Map<String, AttributeValue>, Map<String, AttributeValue>> storedItems(
            String table, List<WriteRequest> writes) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (WriteRequest write : writes) {
            if (write.putRequest() != null) {
                Map<String, AttributeValue> key =
                        keyOf(table, write.putRequest().item());
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> stored = new HashMap<>();
        for (int from = 0; from < keys.size(); from += MAX_GET_KEYS) {
            List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + MAX_GET_KEYS));
            BatchGetItemResponse got = delegate.batchGetItem(r -> r.requestItems(Map.of(
                    table,
                    KeysAndAttributes.builder().keys(chunk).consistentRead(true).build())));
            for (Map<String, AttributeValue> item : got.responses().getOrDefault(table, List.of())) {
                stored.put(keyOf(table, item), item);
            }
            // unprocessed keys stay unknown: their items are written
        }
        return stored;
    }

    private Map<String, AttributeValue> keyOf(String table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        for (String name : keyNames.computeIfAbsent(table, this::describeKey)) {
            key.put(name, item.get(name));
        }
        return key;
    }

    private List<String> describeKey(String table) {
        return delegate.describeTable(r -> r.tableName(table)).table().keySchema().stream()
                .map(KeySchemaElement::attributeName)
                .toList();
    }
}
