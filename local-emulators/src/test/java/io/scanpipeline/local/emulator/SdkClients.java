package io.scanpipeline.local.emulator;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.waiters.KinesisWaiter;

/** SDK clients for the local endpoints: URL connection HTTP client, us-east-1, static credentials. */
public final class SdkClients {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private SdkClients() {}

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static DynamoDbStreamsClient streams(URI endpoint) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static KinesisClient kinesis(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Waits until a Kinesis stream is ACTIVE. The SDK's default waiter sleeps 10 s between polls, longer than the
     * local stream takes to become active by far, so this one polls every 50 ms.
     */
    public static void awaitStreamActive(KinesisClient client, String streamName) {
        try (KinesisWaiter waiter = KinesisWaiter.builder()
                .client(client)
                .overrideConfiguration(c -> c.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(50)))
                        .maxAttempts(200))
                .build()) {
            waiter.waitUntilStreamExists(b -> b.streamName(streamName))
                    .matched()
                    .response()
                    .orElseThrow(() -> new AssertionError("stream " + streamName + " did not become active"));
        }
    }

    /** A table with string key {@code pk} (and string sort key {@code sk} when asked), optionally with a stream. */
    public static CreateTableResponse createTable(
            DynamoDbClient client, String name, boolean withSortKey, StreamViewType viewType) {
        return client.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (withSortKey) {
                b.attributeDefinitions(attribute("pk"), attribute("sk"))
                        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
            } else {
                b.attributeDefinitions(attribute("pk")).keySchema(key("pk", KeyType.HASH));
            }
            if (viewType != null) {
                b.streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType));
            }
        });
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Closes each resource that is not null, in the order given (clients before the emulator they talk to). */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
