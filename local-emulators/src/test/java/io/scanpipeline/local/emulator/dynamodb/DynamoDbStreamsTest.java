package io.scanpipeline.local.emulator.dynamodb;

import static io.scanpipeline.local.emulator.SdkClients.n;
import static io.scanpipeline.local.emulator.SdkClients.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.local.emulator.SdkClients;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Stream records captured by the proxy, read back with the SDK's DynamoDbStreamsClient. */
class DynamoDbStreamsTest {

    private static LocalDynamoDb ddb;
    private static DynamoDbClient client;
    private static DynamoDbStreamsClient streams;
    private static final List<String> notified = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        ddb = LocalDynamoDb.start();
        ddb.addStreamListener(notified::add);
        client = SdkClients.dynamoDb(ddb.endpoint());
        streams = SdkClients.streams(ddb.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        SdkClients.closeAll(streams, client, ddb);
    }

    @Test
    void insertModifyRemoveOfOneItemWithExactImages() {
        String arn = createWithStream("lifecycle", StreamViewType.NEW_AND_OLD_IMAGES);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, AttributeValue> key = Map.of("pk", s("item-1"));
        Map<String, AttributeValue> v1 = Map.of("pk", s("item-1"), "status", s("new"), "size", n("10"));

        client.putItem(b -> b.tableName("lifecycle").item(v1));
        Map<String, AttributeValue> returned = client.updateItem(b -> b.tableName("lifecycle")
                        .key(key)
                        .updateExpression("SET #s = :s REMOVE #z")
                        .expressionAttributeNames(Map.of("#s", "status", "#z", "size"))
                        .expressionAttributeValues(Map.of(":s", s("done")))
                        .returnValues(ReturnValue.ALL_OLD))
                .attributes();
        client.deleteItem(b -> b.tableName("lifecycle").key(key));

        assertThat(returned).as("the caller's ReturnValues is honoured").isEqualTo(v1);
        Map<String, AttributeValue> v2 = Map.of("pk", s("item-1"), "status", s("done"));
        List<Record> records = readShard(arn, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(records)
                .extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);

        StreamRecord insert = records.get(0).dynamodb();
        assertThat(insert.keys()).isEqualTo(key);
        assertThat(insert.newImage()).isEqualTo(v1);
        assertThat(insert.hasOldImage()).isFalse();
        StreamRecord modify = records.get(1).dynamodb();
        assertThat(modify.oldImage()).isEqualTo(v1);
        assertThat(modify.newImage()).isEqualTo(v2);
        StreamRecord remove = records.get(2).dynamodb();
        assertThat(remove.oldImage()).isEqualTo(v2);
        assertThat(remove.hasNewImage()).isFalse();

        for (Record record : records) {
            assertThat(record.eventVersion()).isEqualTo("1.1");
            assertThat(record.eventSource()).isEqualTo("aws:dynamodb");
            assertThat(record.awsRegion()).isEqualTo("us-east-1");
            assertThat(record.eventID()).matches("[0-9a-f]{32}");
            assertThat(record.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
            assertThat(record.dynamodb().sizeBytes()).isPositive();
            assertThat(record.dynamodb().sequenceNumber()).matches("\\d{21}");
            assertThat(record.dynamodb().approximateCreationDateTime()).isBetween(before, Instant.now());
        }
        assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
        assertThat(records)
                .extracting(r -> new BigInteger(r.dynamodb().sequenceNumber()))
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(notified).contains(arn);
    }

    @Test
    void identicalRePutAndNoOpUpdateWriteNoRecord() {
        String arn = createWithStream("idempotent", StreamViewType.NEW_AND_OLD_IMAGES);
        Map<String, AttributeValue> item = Map.of("pk", s("same"), "value", n("1"));
        client.putItem(b -> b.tableName("idempotent").item(item));
        client.putItem(b -> b.tableName("idempotent").item(item));
        client.updateItem(b -> b.tableName("idempotent")
                .key(Map.of("pk", s("same")))
                .updateExpression("SET #v = :v")
                .expressionAttributeNames(Map.of("#v", "value"))
                .expressionAttributeValues(Map.of(":v", n("1"))));
        client.deleteItem(b -> b.tableName("idempotent").key(Map.of("pk", s("never-existed"))));

        assertThat(readShard(arn, ShardIteratorType.TRIM_HORIZON, null))
                .extracting(Record::eventName)
                .containsExactly(OperationType.INSERT);
    }

    @Test
    void failedConditionWritesNoRecord() {
        String arn = createWithStream("conditional", StreamViewType.NEW_IMAGE);
        client.putItem(b -> b.tableName("conditional").item(Map.of("pk", s("c"), "v", n("1"))));

        assertThatThrownBy(() -> client.putItem(b -> b.tableName("conditional")
                        .item(Map.of("pk", s("c"), "v", n("2")))
                        .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> client.deleteItem(b -> b.tableName("conditional")
                        .key(Map.of("pk", s("c")))
                        .conditionExpression("v = :two")
                        .expressionAttributeValues(Map.of(":two", n("2")))))
                .isInstanceOf(ConditionalCheckFailedException.class);

        List<Record> records = readShard(arn, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).dynamodb().newImage()).containsEntry("v", n("1"));
    }

    @Test
    void batchWriteOf25ItemsGives25Inserts() {
        String arn = createWithStream("batch", StreamViewType.KEYS_ONLY);
        SdkClients.createTable(client, "batch-no-stream", false, null);
        List<WriteRequest> writes = IntStream.range(0, 25)
                .mapToObj(i -> WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(Map.of("pk", s("k" + i), "i", n(String.valueOf(i))))
                                .build())
                        .build())
                .toList();
        List<WriteRequest> other = List.of(WriteRequest.builder()
                .putRequest(
                        PutRequest.builder().item(Map.of("pk", s("elsewhere"))).build())
                .build());

        assertThat(client.batchWriteItem(b -> b.requestItems(Map.of("batch", writes, "batch-no-stream", other)))
                        .unprocessedItems())
                .isEmpty();
        client.batchWriteItem(b -> b.requestItems(Map.of(
                "batch",
                List.of(WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder()
                                .key(Map.of("pk", s("k3")))
                                .build())
                        .build()))));

        List<Record> records = readShard(arn, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(records).hasSize(26);
        assertThat(records.subList(0, 25)).allSatisfy(r -> {
            assertThat(r.eventName()).isEqualTo(OperationType.INSERT);
            assertThat(r.dynamodb().hasNewImage())
                    .as("KEYS_ONLY carries no image")
                    .isFalse();
        });
        assertThat(records.subList(0, 25))
                .extracting(r -> r.dynamodb().keys().get("pk").s())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 25).mapToObj(i -> "k" + i).toList());
        assertThat(records.get(25).eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(records.get(25).dynamodb().keys()).isEqualTo(Map.of("pk", s("k3")));
    }

    @Test
    void iteratorTypesStartWhereTheyShould() {
        String arn = createWithStream("iterators", StreamViewType.NEW_IMAGE);
        for (int i = 0; i < 5; i++) {
            int value = i;
            client.putItem(b -> b.tableName("iterators").item(Map.of("pk", s("p"), "v", n(String.valueOf(value)))));
        }
        List<Record> all = readShard(arn, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(all).hasSize(5);
        String third = all.get(2).dynamodb().sequenceNumber();

        assertThat(readShard(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, third)).isEqualTo(all.subList(2, 5));
        assertThat(readShard(arn, ShardIteratorType.AFTER_SEQUENCE_NUMBER, third))
                .isEqualTo(all.subList(3, 5));

        String shardId = onlyShard(arn);
        String latest = streams.getShardIterator(
                        b -> b.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(latest)).records()).isEmpty();
        client.putItem(b -> b.tableName("iterators").item(Map.of("pk", s("p"), "v", n("99"))));
        var page = streams.getRecords(b -> b.shardIterator(latest));
        assertThat(page.records())
                .extracting(r -> r.dynamodb().newImage().get("v").n())
                .containsExactly("99");

        // Paging with Limit: NextShardIterator continues after the last record returned.
        var first = streams.getRecords(b -> b.shardIterator(iterator(arn, ShardIteratorType.TRIM_HORIZON, null))
                .limit(2));
        assertThat(first.records()).isEqualTo(all.subList(0, 2));
        assertThat(streams.getRecords(
                                b -> b.shardIterator(first.nextShardIterator()).limit(2))
                        .records())
                .isEqualTo(all.subList(2, 4));
    }

    @Test
    void viewTypeDecidesWhichImagesRecordsCarry() {
        for (StreamViewType viewType : List.of(
                StreamViewType.KEYS_ONLY,
                StreamViewType.NEW_IMAGE,
                StreamViewType.OLD_IMAGE,
                StreamViewType.NEW_AND_OLD_IMAGES)) {
            String table = "view-" + viewType.toString().toLowerCase().replace('_', '-');
            String arn = createWithStream(table, viewType);
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s("v"), "n", n("1"))));
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s("v"), "n", n("2"))));
            client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("v"))));

            List<Record> records = readShard(arn, ShardIteratorType.TRIM_HORIZON, null);
            boolean news = viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
            boolean olds = viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
            assertThat(records)
                    .as(table)
                    .extracting(r -> r.dynamodb().hasNewImage())
                    .containsExactly(news, news, false);
            assertThat(records)
                    .as(table)
                    .extracting(r -> r.dynamodb().hasOldImage())
                    .containsExactly(false, olds, olds);
            assertThat(records).as(table).allSatisfy(r -> {
                assertThat(r.dynamodb().keys()).isEqualTo(Map.of("pk", s("v")));
                assertThat(r.dynamodb().streamViewType()).isEqualTo(viewType);
            });
        }
    }

    private String createWithStream(String table, StreamViewType viewType) {
        return SdkClients.createTable(client, table, false, viewType)
                .tableDescription()
                .latestStreamArn();
    }

    private String onlyShard(String arn) {
        var shards = streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards();
        assertThat(shards).hasSize(1);
        return shards.get(0).shardId();
    }

    private String iterator(String arn, ShardIteratorType type, String sequence) {
        String shardId = onlyShard(arn);
        return streams.getShardIterator(b -> b.streamArn(arn)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .sequenceNumber(sequence))
                .shardIterator();
    }

    /** All records from the iterator position to the current end of the stream's only shard. */
    private List<Record> readShard(String arn, ShardIteratorType type, String sequence) {
        String iterator = iterator(arn, type, sequence);
        List<Record> records = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            String current = iterator;
            var response = streams.getRecords(b -> b.shardIterator(current));
            if (response.records().isEmpty()) {
                return records;
            }
            records.addAll(response.records());
            iterator = response.nextShardIterator();
        }
        throw new AssertionError("stream did not end");
    }
}
