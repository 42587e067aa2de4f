package io.scanpipeline.ingest.snapshot;

import io.scanpipeline.ingest.item.TableTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link ScopeIndex} over a table's sparse {@link SnapshotScope#INDEX} index (partition key {@code _scope}, sort
 * key {@code _scan}, keys only): the query reads only the items older than the cutoff, a page at a time, and each
 * delete is conditional on {@code _scan < cutoff}.
 */
public final class DynamoScopeIndex implements ScopeIndex {

    private static final Map<String, String> NAMES =
            Map.of("#scope", SnapshotScope.SCOPE_ATTRIBUTE, "#scan", SnapshotScope.SCAN_ATTRIBUTE);

    private final DynamoDbClient dynamo;
    private final TableTarget target;

    public DynamoScopeIndex(DynamoDbClient dynamo, TableTarget target) {
        this.dynamo = dynamo;
        this.target = target;
    }

    @Override
    public Page olderThan(String scope, String cutoff, Map<String, AttributeValue> start, int limit) {
        QueryResponse response = dynamo.query(r -> r.tableName(target.table())
                .indexName(SnapshotScope.INDEX)
                .keyConditionExpression("#scope = :scope AND #scan < :cutoff")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(
                        Map.of(":scope", AttributeValue.fromS(scope), ":cutoff", AttributeValue.fromS(cutoff)))
                .exclusiveStartKey(start == null || start.isEmpty() ? null : start)
                .limit(limit));
        List<Map<String, AttributeValue>> keys =
                new ArrayList<>(response.items().size());
        for (Map<String, AttributeValue> item : response.items()) {
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            key.put(target.partitionKey().name(), item.get(target.partitionKey().name()));
            target.sortKey().ifPresent(sk -> key.put(sk.name(), item.get(sk.name())));
            keys.add(key);
        }
        return new Page(
                keys,
                response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? Optional.of(response.lastEvaluatedKey())
                        : Optional.empty());
    }

    @Override
    public boolean deleteIfOlder(Map<String, AttributeValue> key, String cutoff) {
        try {
            dynamo.deleteItem(r -> r.tableName(target.table())
                    .key(key)
                    .conditionExpression("#scan < :cutoff")
                    .expressionAttributeNames(Map.of("#scan", SnapshotScope.SCAN_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":cutoff", AttributeValue.fromS(cutoff))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
