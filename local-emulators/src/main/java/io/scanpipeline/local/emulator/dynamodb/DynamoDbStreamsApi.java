package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;

/**
 * The DynamoDB Streams API ({@code X-Amz-Target: DynamoDBStreams_20120810.*}) served from the {@link StreamStore}:
 * ListStreams, DescribeStream, GetShardIterator and GetRecords.
 */
final class DynamoDbStreamsApi {

    static final String TARGET_PREFIX = "DynamoDBStreams_20120810.";

    private final StreamStore store;
    private final Clock clock;

    DynamoDbStreamsApi(StreamStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Answers one operation; errors are thrown as {@link AwsJsonError}. */
    ObjectNode handle(String operation, ObjectNode request) {
        return switch (operation) {
            case "ListStreams" -> listStreams(request);
            case "DescribeStream" -> describeStream(request);
            case "GetShardIterator" -> getShardIterator(request);
            case "GetRecords" -> getRecords(request);
            default ->
                throw new AwsJsonError(
                        "UnknownOperationException",
                        "Operation " + operation + " is not supported by the local DynamoDB Streams emulator");
        };
    }

    private ObjectNode listStreams(ObjectNode request) {
        int limit = limit(request, 100, 100);
        String table = text(request, "TableName");
        String exclusiveStart = text(request, "ExclusiveStartStreamArn");
        List<StreamState> streams = store.streams().stream()
                .filter(stream -> table == null || table.equals(stream.tableName()))
                .toList();
        int from = 0;
        if (exclusiveStart != null) {
            from = indexOf(streams, exclusiveStart) + 1;
            if (from == 0) {
                throw AwsJsonError.validation("Invalid ExclusiveStartStreamArn: " + exclusiveStart);
            }
        }
        ObjectNode response = EmulatorJson.mapper().createObjectNode();
        ArrayNode list = response.putArray("Streams");
        int to = Math.min(streams.size(), from + limit);
        for (StreamState stream : streams.subList(from, to)) {
            list.addObject()
                    .put("StreamArn", stream.arn())
                    .put("TableName", stream.tableName())
                    .put("StreamLabel", stream.label());
        }
        if (to < streams.size()) {
            response.put("LastEvaluatedStreamArn", streams.get(to - 1).arn());
        }
        return response;
    }

    private ObjectNode describeStream(ObjectNode request) {
        StreamState stream = stream(required(request, "StreamArn"));
        int limit = limit(request, 100, 100);
        String exclusiveStart = text(request, "ExclusiveStartShardId");
        List<StreamState.Shard> shards = stream.shards();
        int from = 0;
        if (exclusiveStart != null) {
            from = shards.indexOf(stream.shard(exclusiveStart)) + 1;
            if (from == 0) {
                throw AwsJsonError.validation("Invalid ExclusiveStartShardId: " + exclusiveStart);
            }
        }
        int to = Math.min(shards.size(), from + limit);
        ObjectNode response = EmulatorJson.mapper().createObjectNode();
        ObjectNode description = response.putObject("StreamDescription");
        description.put("StreamArn", stream.arn());
        description.put("StreamLabel", stream.label());
        description.put("StreamStatus", stream.status());
        description.put("StreamViewType", stream.viewType());
        description.put("CreationRequestDateTime", BigDecimal.valueOf(stream.createdMillis(), 3));
        description.put("TableName", stream.tableName());
        description.set("KeySchema", stream.keySchema());
        ArrayNode list = description.putArray("Shards");
        for (StreamState.Shard shard : shards.subList(from, to)) {
            ObjectNode range = list.addObject().put("ShardId", shard.id()).putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", StreamStore.formatSequence(shard.startingSequence()));
            if (shard.closed()) {
                range.put("EndingSequenceNumber", StreamStore.formatSequence(shard.endingSequence()));
            }
        }
        if (to < shards.size()) {
            description.put("LastEvaluatedShardId", shards.get(to - 1).id());
        }
        return response;
    }

    private ObjectNode getShardIterator(ObjectNode request) {
        StreamState stream = stream(required(request, "StreamArn"));
        String shardId = required(request, "ShardId");
        String type = required(request, "ShardIteratorType");
        StreamState.Shard shard = stream.shard(shardId);
        if (shard == null) {
            throw AwsJsonError.resourceNotFound(
                    "Requested resource not found: Shard " + shardId + " does not exist in stream " + stream.arn());
        }
        long after = switch (type) {
            case "TRIM_HORIZON" -> shard.startingSequence() - 1;
            case "LATEST" -> shard.closed() ? shard.endingSequence() : store.lastSequence();
            case "AT_SEQUENCE_NUMBER" -> sequenceIn(shard, required(request, "SequenceNumber")) - 1;
            case "AFTER_SEQUENCE_NUMBER" -> sequenceIn(shard, required(request, "SequenceNumber"));
            default ->
                throw AwsJsonError.validation("1 validation error detected: Value '" + type
                        + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                        + "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
        };
        if (!type.endsWith("SEQUENCE_NUMBER") && request.hasNonNull("SequenceNumber")) {
            throw AwsJsonError.validation(
                    "SequenceNumber is only allowed with AT_SEQUENCE_NUMBER and " + "AFTER_SEQUENCE_NUMBER iterators");
        }
        String iterator = ShardIteratorCodec.encode(
                new ShardIteratorCodec.Position(stream.arn(), shard.id(), after, clock.millis()));
        return EmulatorJson.mapper().createObjectNode().put("ShardIterator", iterator);
    }

    private ObjectNode getRecords(ObjectNode request) {
        int limit = limit(request, 1000, 1000);
        ShardIteratorCodec.Position position =
                ShardIteratorCodec.decode(required(request, "ShardIterator"), clock.millis());
        StreamState stream = stream(position.streamArn());
        StreamState.Shard shard = stream.shard(position.shardId());
        if (shard == null) {
            throw AwsJsonError.resourceNotFound("Requested resource not found: Shard " + position.shardId()
                    + " does not exist in stream " + stream.arn());
        }
        List<StreamState.StoredRecord> records = store.read(shard, position.afterSequence(), limit);
        ObjectNode response = EmulatorJson.mapper().createObjectNode();
        ArrayNode list = response.putArray("Records");
        long last = position.afterSequence();
        for (StreamState.StoredRecord stored : records) {
            list.add(stored.record());
            last = stored.sequence();
        }
        // A closed shard that has been read to its end has no next iterator: that is how consumers learn to move on.
        boolean exhausted = shard.closed() && !store.hasAfter(shard, last);
        if (!exhausted) {
            response.put(
                    "NextShardIterator",
                    ShardIteratorCodec.encode(
                            new ShardIteratorCodec.Position(stream.arn(), shard.id(), last, clock.millis())));
        }
        return response;
    }

    private long sequenceIn(StreamState.Shard shard, String text) {
        BigInteger value;
        try {
            value = new BigInteger(text);
        } catch (NumberFormatException e) {
            throw AwsJsonError.validation("Invalid SequenceNumber: " + text);
        }
        long last = shard.closed() ? shard.endingSequence() : store.lastSequence();
        if (value.signum() <= 0
                || value.bitLength() > 63
                || value.longValue() < shard.startingSequence()
                || value.longValue() > last) {
            throw AwsJsonError.validation(
                    "Invalid SequenceNumber " + text + " for shard " + shard.id() + ": it is not in the shard's range");
        }
        return value.longValue();
    }

    private StreamState stream(String arn) {
        StreamState stream = store.stream(arn);
        if (stream == null) {
            throw AwsJsonError.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return stream;
    }

    private static int indexOf(List<StreamState> streams, String arn) {
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).arn().equals(arn)) {
                return i;
            }
        }
        return -1;
    }

    private static int limit(ObjectNode request, int defaultValue, int max) {
        JsonNode node = request.get("Limit");
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.canConvertToInt() || node.asInt() < 1 || node.asInt() > max) {
            throw AwsJsonError.validation("1 validation error detected: Value '" + node.asText()
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + max);
        }
        return node.asInt();
    }

    private static String text(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String required(ObjectNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isEmpty()) {
            String member = Character.toLowerCase(field.charAt(0)) + field.substring(1);
            throw AwsJsonError.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }
}
