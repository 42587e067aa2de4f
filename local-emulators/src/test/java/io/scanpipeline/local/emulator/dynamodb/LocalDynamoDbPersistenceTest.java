package io.scanpipeline.local.emulator.dynamodb;

import static io.scanpipeline.local.emulator.SdkClients.n;
import static io.scanpipeline.local.emulator.SdkClients.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.SdkClients;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** With a persistence directory, tables, items and streams survive a restart. */
class LocalDynamoDbPersistenceTest {

    @Test
    void restartKeepsTablesItemsAndStreams(@TempDir Path dir) {
        String arn;
        List<Record> beforeRestart;
        try (LocalDynamoDb ddb = LocalDynamoDb.builder().persistenceDir(dir).start();
                DynamoDbClient client = SdkClients.dynamoDb(ddb.endpoint());
                DynamoDbStreamsClient streams = SdkClients.streams(ddb.endpoint())) {
            arn = SdkClients.createTable(client, "durable", false, StreamViewType.NEW_AND_OLD_IMAGES)
                    .tableDescription()
                    .latestStreamArn();
            client.putItem(b -> b.tableName("durable").item(Map.of("pk", s("a"), "v", n("1"))));
            client.putItem(b -> b.tableName("durable").item(Map.of("pk", s("a"), "v", n("2"))));
            beforeRestart = readAll(streams, arn);
            assertThat(beforeRestart).hasSize(2);
        }

        try (LocalDynamoDb ddb = LocalDynamoDb.builder().persistenceDir(dir).start();
                DynamoDbClient client = SdkClients.dynamoDb(ddb.endpoint());
                DynamoDbStreamsClient streams = SdkClients.streams(ddb.endpoint())) {
            assertThat(client.getItem(b -> b.tableName("durable").key(Map.of("pk", s("a"))))
                            .item())
                    .containsEntry("v", n("2"));
            assertThat(client.describeTable(b -> b.tableName("durable")).table().latestStreamArn())
                    .isEqualTo(arn);
            assertThat(streams.describeStream(b -> b.streamArn(arn))
                            .streamDescription()
                            .streamStatus())
                    .isEqualTo(StreamStatus.ENABLED);
            assertThat(readAll(streams, arn)).isEqualTo(beforeRestart);

            // Capture goes on after the restart, with sequence numbers above the old ones.
            client.deleteItem(b -> b.tableName("durable").key(Map.of("pk", s("a"))));
            List<Record> after = readAll(streams, arn);
            assertThat(after).hasSize(3);
            assertThat(after.get(2).eventName()).isEqualTo(OperationType.REMOVE);
            assertThat(after.get(2).dynamodb().oldImage()).containsEntry("v", n("2"));
            assertThat(new BigInteger(after.get(2).dynamodb().sequenceNumber()))
                    .isGreaterThan(new BigInteger(after.get(1).dynamodb().sequenceNumber()));
        }
    }

    private static List<Record> readAll(DynamoDbStreamsClient streams, String arn) {
        String shardId = streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()
                .get(0)
                .shardId();
        String iterator = streams.getShardIterator(
                        b -> b.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
            if (response.records().isEmpty()) {
                return records;
            }
            records.addAll(response.records());
            iterator = response.nextShardIterator();
        }
    }
}
