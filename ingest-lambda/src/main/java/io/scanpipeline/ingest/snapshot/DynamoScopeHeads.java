package io.scanpipeline.ingest.snapshot;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link ScopeHeads} in a DynamoDB table ({@code SCOPE_TABLE}, partition key {@code scope} of type S, no stream):
 * one item per scope, {@code <table>|<scope id>}, with {@code started} and {@code completed}, each set by an
 * UpdateItem whose condition lets it only move forward.
 */
public final class DynamoScopeHeads implements ScopeHeads {

    /** The head table's partition key. */
    public static final String KEY = "scope";

    private final DynamoDbClient dynamo;
    private final String headTable;

    public DynamoScopeHeads(DynamoDbClient dynamo, String headTable) {
        this.dynamo = dynamo;
        this.headTable = headTable;
    }

    @Override
    public boolean begin(String table, String scope, String scan) {
        return advance(table, scope, "started", scan);
    }

    @Override
    public String complete(String table, String scope, String scan) {
        if (advance(table, scope, "completed", scan)) {
            return scan;
        }
        AttributeValue newer = dynamo.getItem(r -> r.tableName(headTable)
                        .consistentRead(true)
                        .key(Map.of(KEY, AttributeValue.fromS(table + "|" + scope))))
                .item()
                .get("completed");
        return newer == null || newer.s() == null || newer.s().compareTo(scan) < 0 ? scan : newer.s();
    }

    private boolean advance(String table, String scope, String attribute, String scan) {
        try {
            dynamo.updateItem(r -> r.tableName(headTable)
                    .key(Map.of(KEY, AttributeValue.fromS(table + "|" + scope)))
                    .updateExpression("SET #a = :scan")
                    .conditionExpression("attribute_not_exists(#a) OR #a <= :scan")
                    .expressionAttributeNames(Map.of("#a", attribute))
                    .expressionAttributeValues(Map.of(":scan", AttributeValue.fromS(scan))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
