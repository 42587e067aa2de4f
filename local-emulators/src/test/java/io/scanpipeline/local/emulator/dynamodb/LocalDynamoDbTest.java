package io.scanpipeline.local.emulator.dynamodb;

import static io.scanpipeline.local.emulator.SdkClients.n;
import static io.scanpipeline.local.emulator.SdkClients.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.local.emulator.SdkClients;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** DynamoDB through the proxy: CRUD, errors passed through, and stream fields in table descriptions. */
class LocalDynamoDbTest {

    private static LocalDynamoDb ddb;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        ddb = LocalDynamoDb.start();
        client = SdkClients.dynamoDb(ddb.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        SdkClients.closeAll(client, ddb);
    }

    @Test
    void crudThroughTheProxy() {
        SdkClients.createTable(client, "crud", true, null);
        client.waiter().waitUntilTableExists(b -> b.tableName("crud"));

        client.putItem(b -> b.tableName("crud").item(Map.of("pk", s("a"), "sk", s("1"), "count", n("1"))));
        assertThat(client.getItem(b -> b.tableName("crud").key(Map.of("pk", s("a"), "sk", s("1"))))
                        .item())
                .containsEntry("count", n("1"));

        Map<String, AttributeValue> updated = client.updateItem(b -> b.tableName("crud")
                        .key(Map.of("pk", s("a"), "sk", s("1")))
                        .updateExpression("SET #c = #c + :one")
                        .expressionAttributeNames(Map.of("#c", "count"))
                        .expressionAttributeValues(Map.of(":one", n("1")))
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes();
        assertThat(updated).isEqualTo(Map.of("count", n("2")));

        client.putItem(b -> b.tableName("crud").item(Map.of("pk", s("a"), "sk", s("2"))));
        assertThat(client.query(b -> b.tableName("crud")
                                .keyConditionExpression("pk = :pk")
                                .expressionAttributeValues(Map.of(":pk", s("a"))))
                        .count())
                .isEqualTo(2);

        Map<String, AttributeValue> deleted = client.deleteItem(b -> b.tableName("crud")
                        .key(Map.of("pk", s("a"), "sk", s("1")))
                        .returnValues(ReturnValue.ALL_OLD))
                .attributes();
        assertThat(deleted).containsEntry("count", n("2"));
        assertThat(client.scan(b -> b.tableName("crud")).items()).containsExactly(Map.of("pk", s("a"), "sk", s("2")));
    }

    @Test
    void errorsComeBackAsTheSdkExceptions() {
        SdkClients.createTable(client, "errors", false, null);
        client.putItem(b -> b.tableName("errors").item(Map.of("pk", s("x"))));

        assertThatThrownBy(() -> client.putItem(b -> b.tableName("errors")
                        .item(Map.of("pk", s("x")))
                        .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() ->
                        client.getItem(b -> b.tableName("missing-table").key(Map.of("pk", s("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> SdkClients.createTable(client, "errors", false, null))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> client.putItem(b -> b.tableName("errors").item(Map.of("other", s("x")))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).statusCode()).isEqualTo(400))
                .satisfies(e -> assertThat(
                                ((DynamoDbException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void tableDescriptionsCarryTheStream() {
        TableDescription created = SdkClients.createTable(client, "described", false, StreamViewType.NEW_IMAGE)
                .tableDescription();
        assertThat(created.streamSpecification().streamEnabled()).isTrue();
        assertThat(created.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
        assertThat(created.latestStreamArn())
                .matches("arn:aws:dynamodb:us-east-1:000000000000:table/described/stream/"
                        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}")
                .endsWith("/stream/" + created.latestStreamLabel());

        TableDescription described =
                client.describeTable(b -> b.tableName("described")).table();
        assertThat(described.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(described.latestStreamArn()).isEqualTo(created.latestStreamArn());
        assertThat(described.streamSpecification()).isEqualTo(created.streamSpecification());

        SdkClients.createTable(client, "plain", false, null);
        TableDescription plain = client.describeTable(b -> b.tableName("plain")).table();
        assertThat(plain.latestStreamArn()).isNull();
        assertThat(plain.streamSpecification()).isNull();
    }

    @Test
    void updateTableEnablesAndDisablesTheStream() {
        SdkClients.createTable(client, "toggled", false, null);

        TableDescription enabled = client.updateTable(b -> b.tableName("toggled")
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription();
        assertThat(enabled.streamSpecification().streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
        assertThat(enabled.latestStreamArn()).contains("table/toggled/stream/");

        assertThatThrownBy(() -> client.updateTable(b -> b.tableName("toggled")
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("already has an enabled stream");

        TableDescription disabled = client.updateTable(
                        b -> b.tableName("toggled").streamSpecification(s -> s.streamEnabled(false)))
                .tableDescription();
        assertThat(disabled.streamSpecification()).isNull();
        assertThat(disabled.latestStreamArn()).isEqualTo(enabled.latestStreamArn());

        assertThatThrownBy(() -> client.updateTable(b -> b.tableName("no-such-table")
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
