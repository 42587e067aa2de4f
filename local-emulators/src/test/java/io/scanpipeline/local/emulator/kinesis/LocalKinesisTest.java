package io.scanpipeline.local.emulator.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.SdkClients;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The SDK v2 KinesisClient (URL connection client, JSON/CBOR as the SDK defaults) against {@link LocalKinesis}. */
class LocalKinesisTest {

    private static final String STREAM = "roundtrip";

    private static LocalKinesis kinesis;
    private static KinesisClient client;

    @BeforeAll
    static void start() {
        kinesis = LocalKinesis.start();
        client = SdkClients.kinesis(kinesis.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        SdkClients.closeAll(client, kinesis);
    }

    @Test
    void listensOnLoopbackOnly_notOnTheMachinesOtherAddresses() throws Exception {
        java.net.InetAddress external = null;
        for (java.net.NetworkInterface nic :
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    external = address;
                }
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no non-loopback address");
        int port = kinesis.endpoint().getPort();

        try (java.net.Socket loopback = new java.net.Socket()) {
            loopback.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 2000);
        }
        java.net.InetAddress other = external;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(other, port), 2000);
                    }
                })
                .as("kinesis-mock reachable on " + other)
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void createsStreamThatBecomesActiveWithItsShards() {
        client.createStream(b -> b.streamName("shape").shardCount(3));
        SdkClients.awaitStreamActive(client, "shape");

        StreamDescriptionSummary summary =
                client.describeStreamSummary(b -> b.streamName("shape")).streamDescriptionSummary();
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary.openShardCount()).isEqualTo(3);
        assertThat(summary.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/shape");
        assertThat(client.listShards(b -> b.streamName("shape")).shards()).hasSize(3);
    }

    @Test
    void roundTripsHundredRecordsInOrderPerPartitionKey() throws InterruptedException {
        client.createStream(b -> b.streamName(STREAM).shardCount(2));
        SdkClients.awaitStreamActive(client, STREAM);

        List<String> keys = List.of("alpha", "bravo", "charlie", "delta", "echo");
        List<PutRecordsRequestEntry> firstHalf = entries(keys, 0, 50);
        PutRecordsResponse first = client.putRecords(b -> b.streamName(STREAM).records(firstHalf));
        assertThat(first.failedRecordCount()).isZero();

        // Arrival timestamps are in milliseconds; a gap on both sides makes the AT_TIMESTAMP boundary unambiguous.
        Thread.sleep(50);
        Instant between = Instant.now();
        Thread.sleep(50);
        PutRecordsResponse second = client.putRecords(b -> b.streamName(STREAM).records(entries(keys, 50, 100)));
        assertThat(second.failedRecordCount()).isZero();

        List<Shard> shards = client.listShards(b -> b.streamName(STREAM)).shards();
        assertThat(shards).hasSize(2);
        Map<String, List<Integer>> seenPerKey = new LinkedHashMap<>();
        List<Record> all = new ArrayList<>();
        for (Shard shard : shards) {
            List<Record> records = readAll(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null, null);
            BigInteger previous = BigInteger.valueOf(-1);
            for (Record record : records) {
                BigInteger sequence = new BigInteger(record.sequenceNumber());
                assertThat(sequence).isGreaterThan(previous);
                previous = sequence;
                seenPerKey
                        .computeIfAbsent(record.partitionKey(), k -> new ArrayList<>())
                        .add(payloadIndex(record));
            }
            all.addAll(records);
        }
        assertThat(all).hasSize(100);
        for (String key : keys) {
            List<Integer> expected = IntStream.range(0, 100)
                    .filter(i -> keys.get(i % keys.size()).equals(key))
                    .boxed()
                    .toList();
            assertThat(seenPerKey.get(key)).as("order of key %s", key).isEqualTo(expected);
        }

        // AT_TIMESTAMP: exactly the records of the second PutRecords.
        List<Integer> afterBetween = new ArrayList<>();
        for (Shard shard : shards) {
            readAll(shard.shardId(), ShardIteratorType.AT_TIMESTAMP, null, between)
                    .forEach(record -> afterBetween.add(payloadIndex(record)));
        }
        assertThat(afterBetween)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(50, 100).boxed().toList());

        // AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER around the 10th record of the first batch.
        PutRecordsResultEntry tenth = first.records().get(10);
        List<Record> at = readAll(tenth.shardId(), ShardIteratorType.AT_SEQUENCE_NUMBER, tenth.sequenceNumber(), null);
        List<Record> after =
                readAll(tenth.shardId(), ShardIteratorType.AFTER_SEQUENCE_NUMBER, tenth.sequenceNumber(), null);
        assertThat(at.get(0).sequenceNumber()).isEqualTo(tenth.sequenceNumber());
        assertThat(payloadIndex(at.get(0))).isEqualTo(10);
        assertThat(after).isEqualTo(at.subList(1, at.size()));
    }

    private static List<PutRecordsRequestEntry> entries(List<String> keys, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> PutRecordsRequestEntry.builder()
                        .partitionKey(keys.get(i % keys.size()))
                        .data(SdkBytes.fromString("{\"i\":" + i + "}", StandardCharsets.UTF_8))
                        .build())
                .toList();
    }

    private static int payloadIndex(Record record) {
        String json = record.data().asUtf8String();
        return Integer.parseInt(json.substring(json.indexOf(':') + 1, json.indexOf('}')));
    }

    private static List<Record> readAll(String shardId, ShardIteratorType type, String sequence, Instant timestamp) {
        String iterator = client.getShardIterator(b -> b.streamName(STREAM)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequence)
                        .timestamp(timestamp))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        // Small pages so that paging is exercised; an empty page after the last record means we are done.
        for (int page = 0; page < 50 && iterator != null; page++) {
            String current = iterator;
            GetRecordsResponse response =
                    client.getRecords(b -> b.shardIterator(current).limit(7));
            records.addAll(response.records());
            if (response.records().isEmpty()) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }
}
