package io.scanpipeline.local.emulator.dynamodb;

import static io.scanpipeline.local.emulator.SdkClients.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scanpipeline.local.emulator.SdkClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Shapes of ListStreams and DescribeStream answers, stream life cycle and errors of the Streams API. */
class DynamoDbStreamsApiTest {

    private static LocalDynamoDb ddb;
    private static DynamoDbClient client;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() {
        ddb = LocalDynamoDb.builder().shardsPerStream(2).start();
        client = SdkClients.dynamoDb(ddb.endpoint());
        streams = SdkClients.streams(ddb.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        SdkClients.closeAll(streams, client, ddb);
    }

    @Test
    void listStreamsFiltersAndPages() {
        String a = SdkClients.createTable(client, "list-a", false, StreamViewType.NEW_IMAGE)
                .tableDescription()
                .latestStreamArn();
        String b = SdkClients.createTable(client, "list-b", true, StreamViewType.OLD_IMAGE)
                .tableDescription()
                .latestStreamArn();
        SdkClients.createTable(client, "list-none", false, null);

        ListStreamsResponse onlyB = streams.listStreams(r -> r.tableName("list-b"));
        assertThat(onlyB.streams()).singleElement().satisfies(stream -> {
            assertThat(stream.streamArn()).isEqualTo(b);
            assertThat(stream.tableName()).isEqualTo("list-b");
            assertThat(b).endsWith("/stream/" + stream.streamLabel());
        });
        assertThat(onlyB.lastEvaluatedStreamArn()).isNull();
        assertThat(streams.listStreams(r -> r.tableName("list-none")).streams()).isEmpty();

        ListStreamsResponse firstPage = streams.listStreams(r -> r.limit(1));
        assertThat(firstPage.streams()).hasSize(1);
        assertThat(firstPage.lastEvaluatedStreamArn())
                .isEqualTo(firstPage.streams().get(0).streamArn());
        ListStreamsResponse rest =
                streams.listStreams(r -> r.exclusiveStartStreamArn(firstPage.lastEvaluatedStreamArn()));
        assertThat(rest.streams())
                .extracting(stream -> stream.streamArn())
                .contains(b)
                .doesNotContain(firstPage.lastEvaluatedStreamArn());
        assertThat(streams.listStreams().streams())
                .extracting(stream -> stream.streamArn())
                .contains(a, b);
    }

    @Test
    void describeStreamHasTheFullShape() {
        Instant before = Instant.now().minusSeconds(1);
        String arn = SdkClients.createTable(client, "describe", true, StreamViewType.NEW_AND_OLD_IMAGES)
                .tableDescription()
                .latestStreamArn();

        StreamDescription description =
                streams.describeStream(r -> r.streamArn(arn)).streamDescription();
        assertThat(description.streamArn()).isEqualTo(arn);
        assertThat(arn).endsWith("/stream/" + description.streamLabel());
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(description.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(description.tableName()).isEqualTo("describe");
        assertThat(description.creationRequestDateTime()).isBetween(before, Instant.now());
        assertThat(description.keySchema())
                .containsExactly(
                        KeySchemaElement.builder()
                                .attributeName("pk")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("sk")
                                .keyType(KeyType.RANGE)
                                .build());
        assertThat(description.shards()).hasSize(2).allSatisfy(shard -> {
            assertThat(shard.shardId()).matches("shardId-\\d{20}-[0-9a-f]{8}");
            assertThat(shard.sequenceNumberRange().startingSequenceNumber()).matches("\\d{21}");
            assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNull();
        });
        assertThat(description.lastEvaluatedShardId()).isNull();

        StreamDescription paged =
                streams.describeStream(r -> r.streamArn(arn).limit(1)).streamDescription();
        assertThat(paged.shards()).containsExactly(description.shards().get(0));
        assertThat(paged.lastEvaluatedShardId())
                .isEqualTo(description.shards().get(0).shardId());
        assertThat(streams.describeStream(r -> r.streamArn(arn).exclusiveStartShardId(paged.lastEvaluatedShardId()))
                        .streamDescription()
                        .shards())
                .containsExactly(description.shards().get(1));
    }

    @Test
    void deletingTheTableDisablesTheStreamAndClosesItsShards() {
        String arn = SdkClients.createTable(client, "deleted", false, StreamViewType.NEW_IMAGE)
                .tableDescription()
                .latestStreamArn();
        client.putItem(b -> b.tableName("deleted").item(Map.of("pk", s("x"))));
        client.deleteTable(b -> b.tableName("deleted"));

        DescribeStreamResponse described = streams.describeStream(r -> r.streamArn(arn));
        assertThat(described.streamDescription().streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(described.streamDescription().shards())
                .allSatisfy(shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber())
                        .isNotNull());

        // The records stay readable; a closed shard read to its end has no next iterator.
        int records = 0;
        for (Shard shard : described.streamDescription().shards()) {
            String iterator = streams.getShardIterator(r ->
                            r.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(iterator));
            records += response.records().size();
            assertThat(response.nextShardIterator()).isNull();
        }
        assertThat(records).isEqualTo(1);

        SdkClients.createTable(client, "deleted", false, null);
        assertThat(client.describeTable(b -> b.tableName("deleted")).table().latestStreamArn())
                .isNull();
    }

    @Test
    void errorsHaveTheServiceShape() throws Exception {
        String arn = SdkClients.createTable(client, "errors", false, StreamViewType.KEYS_ONLY)
                .tableDescription()
                .latestStreamArn();
        String shardId = streams.describeStream(r -> r.streamArn(arn))
                .streamDescription()
                .shards()
                .get(0)
                .shardId();
        String unknown = arn.replace("table/errors/", "table/nope/");

        assertThatThrownBy(() -> streams.describeStream(r -> r.streamArn(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getShardIterator(r ->
                        r.streamArn(arn).shardId("shardId-nope").shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getShardIterator(r -> r.streamArn(arn)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber("not-a-number")))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("SequenceNumber");
        String expired = ShardIteratorCodec.encode(new ShardIteratorCodec.Position(
                arn, shardId, 0, System.currentTimeMillis() - ShardIteratorCodec.LIFETIME.toMillis() - 1000));
        assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(expired)))
                .isInstanceOf(ExpiredIteratorException.class);
        String ofUnknownStream = ShardIteratorCodec.encode(
                new ShardIteratorCodec.Position(unknown, shardId, 0, System.currentTimeMillis()));
        assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(ofUnknownStream)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator("garbage")))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(
                                ((DynamoDbException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));

        // The raw answer, as any AWS JSON 1.0 client sees it.
        HttpRequest request = HttpRequest.newBuilder(URI.create(ddb.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDBStreams_20120810.DescribeStream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"StreamArn\":\"" + unknown + "\"}"))
                .build();
        HttpResponse<String> raw = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        JsonNode body = new ObjectMapper().readTree(raw.body());
        assertThat(body.path("__type").asText())
                .isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertThat(body.path("message").asText()).contains(unknown);
    }
}
