package io.scanpipeline.local.emulator.dynamodb;

import static io.scanpipeline.local.emulator.SdkClients.n;
import static io.scanpipeline.local.emulator.SdkClients.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.SdkClients;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Several shards per stream: every key stays on one shard, in write order, also under concurrent writers. */
class DynamoDbStreamsShardsTest {

    private static final int KEYS = 24;
    private static final int VERSIONS = 5;

    @Test
    void eachKeysChangesStayInOrderOnOneShard() throws Exception {
        try (LocalDynamoDb ddb = LocalDynamoDb.builder().shardsPerStream(4).start();
                DynamoDbClient client = SdkClients.dynamoDb(ddb.endpoint());
                DynamoDbStreamsClient streams = SdkClients.streams(ddb.endpoint())) {
            String arn = SdkClients.createTable(client, "sharded", false, StreamViewType.NEW_IMAGE)
                    .tableDescription()
                    .latestStreamArn();

            // Four writers, each owning a set of keys, so per key the write order is known.
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    done.add(writers.submit(() -> {
                        for (int version = 0; version < VERSIONS; version++) {
                            for (int k = writer; k < KEYS; k += 4) {
                                int v = version;
                                String key = "key-" + k;
                                client.putItem(b -> b.tableName("sharded")
                                        .item(Map.of("pk", s(key), "version", n(String.valueOf(v)))));
                            }
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                writers.shutdown();
            }

            List<Shard> shards = streams.describeStream(r -> r.streamArn(arn))
                    .streamDescription()
                    .shards();
            assertThat(shards).hasSize(4);
            Map<String, String> shardOfKey = new HashMap<>();
            Map<String, List<Integer>> versionsOfKey = new HashMap<>();
            int shardsUsed = 0;
            for (Shard shard : shards) {
                List<Record> records = readAll(streams, arn, shard.shardId());
                shardsUsed += records.isEmpty() ? 0 : 1;
                assertThat(records)
                        .extracting(r -> new BigInteger(r.dynamodb().sequenceNumber()))
                        .isSorted();
                for (Record record : records) {
                    String key = record.dynamodb().keys().get("pk").s();
                    assertThat(shardOfKey.putIfAbsent(key, shard.shardId()))
                            .as("shard of %s", key)
                            .isIn(null, shard.shardId());
                    versionsOfKey
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(Integer.parseInt(
                                    record.dynamodb().newImage().get("version").n()));
                }
            }
            assertThat(shardsUsed)
                    .as("24 keys spread over more than one of 4 shards")
                    .isGreaterThan(1);
            assertThat(versionsOfKey).hasSize(KEYS);
            List<Integer> expected = IntStream.range(0, VERSIONS).boxed().toList();
            assertThat(versionsOfKey.values())
                    .allSatisfy(versions -> assertThat(versions).isEqualTo(expected));
        }
    }

    private static List<Record> readAll(DynamoDbStreamsClient streams, String arn, String shardId) {
        String iterator = streams.getShardIterator(
                        r -> r.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        while (true) {
            String current = iterator;
            GetRecordsResponse response =
                    streams.getRecords(r -> r.shardIterator(current).limit(7));
            if (response.records().isEmpty()) {
                return records;
            }
            records.addAll(response.records());
            iterator = response.nextShardIterator();
        }
    }
}
