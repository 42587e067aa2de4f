package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.LocalAws;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Items written to the local DynamoDB -> its stream read the way Lambda's event source mapping reads it (per
 * shard, from TRIM_HORIZON, batches of up to 100) -> the handler -> the local Kinesis -> read back with GetRecords:
 * in order per key, nothing missing, nothing extra.
 */
class ForwarderIT {

    private static final int KEYS = 20;
    private static final int VERSIONS = 5;

    @Test
    void everyChange_reachesKinesisOnce_inOrderPerItem() throws Exception {
        LocalAws aws = LocalAws.shared();
        String table = "Fwd" + UUID.randomUUID().toString().substring(0, 8);
        String stream = "changes-" + UUID.randomUUID().toString().substring(0, 8);
        aws.createTable(table, "pk");
        KinesisClient kinesis = aws.kinesisClient();
        kinesis.createStream(r -> r.streamName(stream).shardCount(2));
        awaitActive(kinesis, stream);

        for (int version = 0; version < VERSIONS; version++) {
            for (int key = 0; key < KEYS; key++) {
                int v = version;
                String pk = "item-" + key;
                aws.dynamoDb()
                        .putItem(r -> r.tableName(table)
                                .item(Map.of(
                                        "pk",
                                        AttributeValue.fromS(pk),
                                        "version",
                                        AttributeValue.fromN(Integer.toString(v)))));
            }
        }
        for (int key = 0; key < KEYS; key += 4) {
            String pk = "item-" + key;
            aws.dynamoDb().deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))));
        }
        long expected = (long) KEYS * VERSIONS + KEYS / 4;

        ForwarderConfig config = ForwarderConfig.defaults(stream);
        ForwarderHandler handler = new ForwarderHandler(new ForwarderService(
                config,
                KinesisPublisher.create(kinesis, config),
                null,
                StructuredLog.to("test", line -> {}),
                Clock.systemUTC()));
        String streamArn =
                aws.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
        int invocations = 0;
        for (Shard shard : aws.streams()
                .describeStream(r -> r.streamArn(streamArn))
                .streamDescription()
                .shards()) {
            String iterator = aws.streams()
                    .getShardIterator(r -> r.streamArn(streamArn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page =
                        aws.streams().getRecords(r -> r.shardIterator(current).limit(100));
                if (page.records().isEmpty()) {
                    break;
                }
                var response = handler.handleRequest(
                        StreamRecords.toLambdaEvent(page.records(), streamArn), new FakeContext(60_000));
                assertThat(response.getBatchItemFailures()).isEmpty();
                invocations++;
                iterator = page.nextShardIterator();
            }
        }
        assertThat(invocations).isGreaterThanOrEqualTo((int) (expected / 100));

        List<ChangeEnvelope> received = readAll(kinesis, stream);
        assertThat(received).hasSize((int) expected);
        Set<String> ids = new HashSet<>();
        received.forEach(e ->
                assertThat(ids.add(e.eventId())).as("duplicate " + e.eventId()).isTrue());
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        for (ChangeEnvelope envelope : received) {
            String version = envelope.newImage() == null
                    ? "REMOVE"
                    : envelope.newImage().path("version").asText();
            perKey.computeIfAbsent(envelope.keys().path("pk").asText(), k -> new ArrayList<>())
                    .add(version);
        }
        assertThat(perKey).hasSize(KEYS);
        for (int key = 0; key < KEYS; key++) {
            List<String> expectedOrder = new ArrayList<>(List.of("0", "1", "2", "3", "4"));
            if (key % 4 == 0) {
                expectedOrder.add("REMOVE");
            }
            assertThat(perKey.get("item-" + key)).as("item-" + key).containsExactlyElementsOf(expectedOrder);
        }
    }

    private static List<ChangeEnvelope> readAll(KinesisClient kinesis, String stream) {
        List<ChangeEnvelope> envelopes = new ArrayList<>();
        for (var shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(r -> r.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(
                                    software.amazon.awssdk.services.kinesis.model.ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = kinesis.getRecords(r -> r.shardIterator(current).limit(1000));
                page.records()
                        .forEach(r -> envelopes.add(
                                ChangeEnvelopeCodec.fromBytes(r.data().asByteArray())));
                if (page.records().isEmpty()
                        || page.millisBehindLatest() == 0 && page.records().size() < 1000) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return envelopes;
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (kinesis.describeStreamSummary(r -> r.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus()
                    == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stream " + stream + " not active");
    }
}
