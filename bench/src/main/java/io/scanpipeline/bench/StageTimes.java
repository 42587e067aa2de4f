package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * When each object passed the intermediate stages, read after a phase without touching the pipeline:
 * <ul>
 *   <li>ingested: the ingest function's {@code object_processed} log line (its {@code timestamp}), written once all
 *       of the object's items are in DynamoDB and so in the table's stream;</li>
 *   <li>in Kinesis: the largest {@code approximateArrivalTimestamp} (kinesis-mock's clock, milliseconds) of the
 *       object's change envelopes in the change stream, read back from where the previous call stopped.</li>
 * </ul>
 * DynamoDB's own {@code ApproximateCreationDateTime} is whole seconds, too coarse for this.
 */
final class StageTimes {

    private final Path logFile;
    private final KinesisClient kinesis;
    private final String stream;
    private final Map<String, String> lastSequence = new HashMap<>();

    StageTimes(Path logFile, KinesisClient kinesis, String stream) {
        this.logFile = logFile;
        this.kinesis = kinesis;
        this.stream = stream;
    }

    /** Per object key, when ingest had written all of its items. */
    Map<String, Instant> ingested(Set<String> keys) throws IOException {
        Map<String, Instant> times = new HashMap<>();
        try (Stream<String> lines = Files.lines(logFile)) {
            lines.filter(line -> line.contains("\"object_processed\"")).forEach(line -> {
                JsonNode json = parse(line);
                String key = json.path("key").asText();
                if (keys.contains(key)) {
                    times.merge(key, Instant.parse(json.path("timestamp").asText()), StageTimes::later);
                }
            });
        }
        return times;
    }

    /** Per object key, when the last of its change records arrived in Kinesis (records read since the last call). */
    Map<String, Instant> inKinesis(Set<String> keys) throws InterruptedException {
        Map<String, Instant> times = new HashMap<>();
        for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            String shardId = shard.shardId();
            String after = lastSequence.get(shardId);
            String iterator = kinesis.getShardIterator(r -> {
                        r.streamName(stream).shardId(shardId);
                        if (after == null) {
                            r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                        } else {
                            r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                    .startingSequenceNumber(after);
                        }
                    })
                    .shardIterator();
            while (iterator != null) {
                GetRecordsResponse page = getRecords(iterator);
                List<Record> records = page.records();
                for (Record record : records) {
                    lastSequence.put(shardId, record.sequenceNumber());
                    ChangeEnvelope envelope =
                            ChangeEnvelopeCodec.fromBytes(record.data().asByteArray());
                    String key = envelope.newImage() == null
                            ? ""
                            : envelope.newImage()
                                    .path(ChangeEnvelope.SOURCE_ATTRIBUTE)
                                    .path("key")
                                    .asText();
                    if (keys.contains(key)) {
                        times.merge(key, record.approximateArrivalTimestamp(), StageTimes::later);
                    }
                }
                if (records.isEmpty()) {
                    break; // caught up: kinesis-mock has no empty pages in the middle of a shard
                }
                iterator = page.nextShardIterator();
            }
        }
        return times;
    }

    /** GetRecords, waiting out read throttling (the sink polls the same shards). */
    private GetRecordsResponse getRecords(String iterator) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return kinesis.getRecords(r -> r.shardIterator(iterator).limit(10_000));
            } catch (ProvisionedThroughputExceededException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
