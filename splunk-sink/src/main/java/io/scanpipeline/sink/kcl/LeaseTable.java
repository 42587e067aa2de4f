package io.scanpipeline.sink.kcl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;

/**
 * The KCL lease table of an application, for the two things KCL does not do for us: creating it up front with its
 * secondary index, and deleting it after a replay.
 *
 * <p>KCL 3 creates the table and then adds the {@code LeaseOwnerToLeaseKeyIndex} GSI with UpdateTable. dynalite (the
 * local DynamoDB) answers that UpdateTable with success but never creates the index, so lease discovery then fails
 * with "The table does not have the specified index". Creating table and index in one CreateTable, with the key
 * schema taken from KCL's own serializer, works on dynalite and on AWS alike; KCL then finds both and goes on.
 */
public final class LeaseTable {

    /** The GSI KCL 3 queries to find the leases of a worker. */
    public static final String OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private static final long TIMEOUT_SECONDS = 60;

    private final DynamoDbAsyncClient dynamoDb;
    private final String name;

    public LeaseTable(DynamoDbAsyncClient dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    /** Creates the table with its index (on-demand billing) unless it exists; waits until it is ACTIVE. */
    public void createIfMissing() {
        DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        serializer.getAttributeDefinitions().forEach(a -> attributes.put(a.attributeName(), a));
        serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions().forEach(a -> attributes.put(a.attributeName(), a));
        try {
            join(dynamoDb.createTable(b -> b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(serializer.getKeySchema())
                    .attributeDefinitions(attributes.values())
                    .globalSecondaryIndexes(index -> index.indexName(OWNER_INDEX)
                            .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
        } catch (ResourceInUseException exists) {
            // created before (a restart, or another worker): KCL checks its state itself
        }
        join(dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(name)));
    }

    /** Deletes the table; a table that is already gone is fine. */
    public void delete() {
        try {
            join(dynamoDb.deleteTable(b -> b.tableName(name)));
        } catch (ResourceNotFoundException gone) {
            // nothing to delete
        }
    }

    /** The stored checkpoint of each shard's lease (sequence number, or TRIM_HORIZON/LATEST/SHARD_END). */
    /** Each lease's owner by lease key (shard id); null for a lease no worker holds. */
    public Map<String, String> owners() {
        Map<String, String> owners = new java.util.TreeMap<>();
        join(dynamoDb.scan(b -> b.tableName(name).consistentRead(true))).items().forEach(item -> {
            if (item.containsKey("leaseKey")) {
                owners.put(
                        item.get("leaseKey").s(),
                        item.containsKey("leaseOwner") ? item.get("leaseOwner").s() : null);
            }
        });
        return owners;
    }

    public Map<String, String> checkpoints() {
        Map<String, String> checkpoints = new java.util.TreeMap<>();
        join(dynamoDb.scan(b -> b.tableName(name))).items().forEach(item -> {
            if (item.containsKey("checkpoint") && item.containsKey("leaseKey")) {
                checkpoints.put(item.get("leaseKey").s(), item.get("checkpoint").s());
            }
        });
        return checkpoints;
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("DynamoDB did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
