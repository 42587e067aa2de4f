package io.scanpipeline.local.lambda;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * An in-memory DynamoDB Streams API for unit tests: shards (open or closed, with parents) holding records, iterators
 * that are plain positions. It stands in for the SDK client (an AWS interface, not ours) so that tests can build
 * what the emulator cannot: records written hours ago, closed parent shards, two shards at once. Only
 * DescribeStream, GetShardIterator and GetRecords, the calls the mapping makes, are served.
 */
final class FakeStreams implements DynamoDbStreamsClient {

    static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Fake/stream/2026-01-01T00:00:00.000";

    private static final class FakeShard {
        final String parent;
        final List<Record> records = new ArrayList<>();
        boolean closed;

        FakeShard(String parent) {
            this.parent = parent;
        }
    }

    private final Map<String, FakeShard> shards = new LinkedHashMap<>();
    private long sequence;
    private int getRecordsCalls;

    /** Adds an open shard; {@code parent} may be null. */
    synchronized FakeStreams shard(String id, String parent) {
        shards.put(id, new FakeShard(parent));
        return this;
    }

    /** Closes a shard: once read to its end, GetRecords gives no next iterator. */
    synchronized void closeShard(String id) {
        shards.get(id).closed = true;
    }

    /** Appends an INSERT of item {@code pk} created at {@code created}; returns it. */
    synchronized Record append(String shardId, String pk, Instant created) {
        String seq = String.format("%021d", ++sequence);
        Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS(pk));
        Record record = Record.builder()
                .eventID("e" + seq)
                .eventName(OperationType.INSERT)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(created)
                        .keys(keys)
                        .newImage(keys)
                        .sequenceNumber(seq)
                        .sizeBytes(10L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build())
                .build();
        shards.get(shardId).records.add(record);
        return record;
    }

    synchronized int getRecordsCalls() {
        return getRecordsCalls;
    }

    @Override
    public synchronized DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        List<Shard> list = new ArrayList<>();
        shards.forEach((id, shard) ->
                list.add(Shard.builder().shardId(id).parentShardId(shard.parent).build()));
        return DescribeStreamResponse.builder()
                .streamDescription(d -> d.streamArn(ARN).shards(list))
                .build();
    }

    @Override
    public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        FakeShard shard = shards.get(request.shardId());
        int position = switch (request.shardIteratorType()) {
            case TRIM_HORIZON -> 0;
            case LATEST -> shard.records.size();
            case AFTER_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber()) + 1;
            case AT_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber());
            default -> throw new IllegalArgumentException(request.shardIteratorTypeAsString());
        };
        return GetShardIteratorResponse.builder()
                .shardIterator(request.shardId() + "|" + position)
                .build();
    }

    @Override
    public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
        getRecordsCalls++;
        String[] parts = request.shardIterator().split("\\|");
        FakeShard shard = shards.get(parts[0]);
        int from = Integer.parseInt(parts[1]);
        int to = Math.min(shard.records.size(), from + (request.limit() == null ? 1000 : request.limit()));
        GetRecordsResponse.Builder response =
                GetRecordsResponse.builder().records(List.copyOf(shard.records.subList(from, to)));
        if (!(shard.closed && to == shard.records.size())) {
            response.nextShardIterator(parts[0] + "|" + to);
        }
        return response.build();
    }

    private static int indexOf(FakeShard shard, String sequenceNumber) {
        for (int i = 0; i < shard.records.size(); i++) {
            if (shard.records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record " + sequenceNumber);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
