package io.scanpipeline.local.emulator;

import io.scanpipeline.local.emulator.dynamodb.LocalDynamoDb;
import io.scanpipeline.local.emulator.kinesis.LocalKinesis;
import io.scanpipeline.local.emulator.s3.LocalS3Server;
import io.scanpipeline.local.emulator.s3.S3EventListener;
import io.scanpipeline.local.emulator.s3.S3ObjectEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local AWS of the project: the S3 server, DynamoDB with Streams and (on first use) Kinesis, with SDK clients
 * configured for them. Used by the integration tests, the local pipeline and the benchmarks.
 *
 * <p>{@link #shared()} starts one instance per JVM and stops it at exit, so test classes share the emulators
 * and isolate themselves by unique bucket and table names.
 */
public final class LocalAws implements AutoCloseable {

    /** Credentials the emulators accept (they check none). */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private static LocalAws shared;

    private final LocalS3Server s3Server;
    private final LocalDynamoDb dynamo;
    private final Path kinesisDataDir;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private LocalKinesis kinesis;
    private KinesisClient kinesisClient;

    private LocalAws(LocalS3Server s3Server, LocalDynamoDb dynamo, Path kinesisDataDir) {
        this.s3Server = s3Server;
        this.dynamo = dynamo;
        this.kinesisDataDir = kinesisDataDir;
        this.s3 = S3Client.builder()
                .endpointOverride(s3Server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamo.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(dynamo.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** One instance for the whole JVM, started on first use and stopped at exit. */
    public static synchronized LocalAws shared() {
        if (shared == null) {
            shared = start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "local-aws-stop"));
        }
        return shared;
    }

    /**
     * Starts S3 and DynamoDB; Kinesis starts on first use of {@link #kinesis()}.
     *
     * @param dataDir where state is kept across restarts, or null for temporary state
     */
    public static LocalAws start(Path dataDir) {
        try {
            LocalS3Server s3 = LocalS3Server.start(dataDir == null ? null : dataDir.resolve("s3"));
            LocalDynamoDb.Builder dynamo = LocalDynamoDb.builder();
            if (dataDir != null) {
                dynamo.persistenceDir(dataDir.resolve("dynamodb"));
            }
            return new LocalAws(s3, dynamo.start(), dataDir == null ? null : dataDir.resolve("kinesis"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local S3 server", e);
        }
    }

    public LocalS3Server s3Server() {
        return s3Server;
    }

    public LocalDynamoDb dynamo() {
        return dynamo;
    }

    public S3Client s3() {
        return s3;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public DynamoDbStreamsClient streams() {
        return streams;
    }

    /** The Kinesis emulator, started on first call. */
    public synchronized LocalKinesis kinesis() {
        if (kinesis == null) {
            LocalKinesis.Builder builder = LocalKinesis.builder();
            if (kinesisDataDir != null) {
                builder.persistenceDir(kinesisDataDir);
            }
            kinesis = builder.start();
        }
        return kinesis;
    }

    /** A Kinesis client for {@link #kinesis()}. */
    public synchronized KinesisClient kinesisClient() {
        if (kinesisClient == null) {
            kinesisClient = KinesisClient.builder()
                    .endpointOverride(kinesis().endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return kinesisClient;
    }

    /**
     * The environment a handler's {@code fromEnv} needs to reach these emulators ({@code AWS_ENDPOINT_URL_*},
     * region and credentials). Kinesis is included only once it runs.
     */
    public synchronized Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamo.endpoint().toString());
        if (kinesis != null) {
            env.put("AWS_ENDPOINT_URL_KINESIS", kinesis.endpoint().toString());
        }
        return env;
    }

    /** Creates a bucket unless it exists; {@code versioned} turns versioning on. */
    public void createBucket(String bucket, boolean versioned) {
        try {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
        if (versioned) {
            s3.putBucketVersioning(
                    r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
    }

    /** Creates an on-demand table with a string partition key and a NEW_AND_OLD_IMAGES stream, unless it exists. */
    public void createTable(String table, String partitionKey) {
        createTable(table, partitionKey, null);
    }

    /** As {@link #createTable(String, String)}, with an optional string sort key. */
    public void createTable(String table, String partitionKey, String sortKey) {
        createTable(table, partitionKey, sortKey, true);
    }

    /** As {@link #createTable(String, String, String)}; {@code stream} false leaves the stream off. */
    public void createTable(String table, String partitionKey, String sortKey, boolean stream) {
        createTable(table, partitionKey, sortKey, stream, null, null, null);
    }

    /**
     * As {@link #createTable(String, String, String, boolean)}, with a keys-only global secondary index
     * {@code indexName} on the string attributes {@code indexPartitionKey} and {@code indexSortKey} (none when
     * {@code indexName} is null).
     */
    public void createTable(
            String table,
            String partitionKey,
            String sortKey,
            boolean stream,
            String indexName,
            String indexPartitionKey,
            String indexSortKey) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(AttributeDefinition.builder()
                .attributeName(partitionKey)
                .attributeType(ScalarAttributeType.S)
                .build());
        keys.add(KeySchemaElement.builder()
                .attributeName(partitionKey)
                .keyType(KeyType.HASH)
                .build());
        if (sortKey != null) {
            attributes.add(AttributeDefinition.builder()
                    .attributeName(sortKey)
                    .attributeType(ScalarAttributeType.S)
                    .build());
            keys.add(KeySchemaElement.builder()
                    .attributeName(sortKey)
                    .keyType(KeyType.RANGE)
                    .build());
        }
        try {
            dynamoDb.createTable(r -> {
                r.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes)
                        .keySchema(keys);
                if (stream) {
                    r.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
                }
                if (indexName != null) {
                    attributes.add(AttributeDefinition.builder()
                            .attributeName(indexPartitionKey)
                            .attributeType(ScalarAttributeType.S)
                            .build());
                    attributes.add(AttributeDefinition.builder()
                            .attributeName(indexSortKey)
                            .attributeType(ScalarAttributeType.S)
                            .build());
                    r.attributeDefinitions(attributes)
                            .globalSecondaryIndexes(g -> g.indexName(indexName)
                                    .keySchema(
                                            KeySchemaElement.builder()
                                                    .attributeName(indexPartitionKey)
                                                    .keyType(KeyType.HASH)
                                                    .build(),
                                            KeySchemaElement.builder()
                                                    .attributeName(indexSortKey)
                                                    .keyType(KeyType.RANGE)
                                                    .build())
                                    .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)));
                }
            });
        } catch (ResourceInUseException e) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    /** Every item of a table (consistent scan, all pages). */
    public List<Map<String, AttributeValue>> scanAll(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true))
                .items()
                .forEach(items::add);
        return items;
    }

    /** How many records the table's stream holds, over all shards. */
    public long streamRecordCount(String table) {
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        long count = 0;
        for (Shard shard : streams.describeStream(r -> r.streamArn(arn))
                .streamDescription()
                .shards()) {
            String iterator = streams.getShardIterator(r ->
                            r.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(r -> r.shardIterator(current));
                count += page.records().size();
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return count;
    }

    /**
     * Puts an object and returns the S3 event notification JSON the server emitted for exactly that put (the
     * JSON S3 would send to Lambda), so a test can feed it to a handler the way Lambda would.
     */
    public String putAndCaptureEvent(String bucket, String key, RequestBody body) {
        BlockingQueue<S3ObjectEvent> events = new LinkedBlockingQueue<>();
        S3EventListener listener = event -> {
            if (event.isCreated()
                    && event.bucket().equals(bucket)
                    && event.key().equals(key)) {
                events.add(event);
            }
        };
        s3Server.addListener(listener);
        try {
            PutObjectResponse response = s3.putObject(r -> r.bucket(bucket).key(key), body);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                S3ObjectEvent event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event != null
                        && (response.versionId() == null || response.versionId().equals(event.versionId()))) {
                    return LocalS3Server.toS3EventJson(event, "us-east-1");
                }
            }
            throw new IllegalStateException("no ObjectCreated event for s3://" + bucket + "/" + key + " within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            s3Server.removeListener(listener);
        }
    }

    /** The S3 endpoint, for printing. */
    public URI s3Endpoint() {
        return s3Server.endpoint();
    }

    @Override
    public synchronized void close() {
        s3.close();
        dynamoDb.close();
        streams.close();
        if (kinesisClient != null) {
            kinesisClient.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
        dynamo.close();
        s3Server.close();
    }
}
