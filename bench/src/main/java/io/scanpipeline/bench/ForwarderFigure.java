package io.scanpipeline.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.forwarder.EnvelopeMapper;
import io.scanpipeline.forwarder.ForwardResult;
import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.forwarder.ForwarderService;
import io.scanpipeline.forwarder.KinesisPublisher;
import io.scanpipeline.forwarder.OutgoingRecord;
import io.scanpipeline.forwarder.StreamRecords;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.local.emulator.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Figure 5: DynamoDB stream records through {@code ForwarderService} to Kinesis (kinesis-mock), against plain
 * {@code PutRecords} of the very same payloads in the same batches.
 *
 * <p>Setup, not timed: the items of a generated scan file are written to a table with a NEW_AND_OLD_IMAGES stream;
 * its records are read with {@code GetRecords} in pages of 100 (Lambda's default batch size for DynamoDB streams)
 * and turned into the Lambda events the event-source mapping would deliver ({@link StreamRecords}). The baseline's
 * payloads are the forwarder's own envelopes and partition keys, encoded beforehand: it measures the transport
 * alone, one {@code PutRecords} call per event of 100 records, sequential like the forwarder. Every run gets a new,
 * empty stream, because kinesis-mock's cost per record grows with what a stream already holds.
 */
final class ForwarderFigure {

    private static final String TABLE = "bench-stream";
    private static final String STREAM = "bench-changes";
    private static final int SHARDS = 2;

    private final BenchContext ctx;

    ForwarderFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        LocalAws aws = ctx.aws();
        List<DynamodbEvent> events = streamEvents(aws);
        long records = events.stream().mapToLong(e -> e.getRecords().size()).sum();
        List<List<PutRecordsRequestEntry>> payloads = new ArrayList<>();
        EnvelopeMapper mapper = new EnvelopeMapper();
        for (DynamodbEvent event : events) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (var record : event.getRecords()) {
                OutgoingRecord outgoing = OutgoingRecord.of(mapper.map(record));
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(outgoing.partitionKey())
                        .data(outgoing.data())
                        .build());
            }
            payloads.add(entries);
        }
        KinesisClient kinesis = aws.kinesisClient();

        Samples forwarded = new Samples();
        Samples raw = new Samples();
        List<Double> loads = new ArrayList<>();
        Map<String, Samples> forwardedCpu = new HashMap<>();
        Map<String, Samples> rawCpu = new HashMap<>();
        for (int rep = 0; rep <= ctx.options().repetitions(); rep++) {
            boolean warmUp = rep == 0;
            double load = Machine.load1();
            Map<String, Samples> ignored = new HashMap<>();
            // a new stream for every run: kinesis-mock gets slower as a stream fills up
            String forwarderStream = newStream(kinesis, STREAM + "-" + rep + "-f");
            ForwarderConfig config = ForwarderConfig.defaults(forwarderStream);
            ForwarderService service = new ForwarderService(
                    config,
                    KinesisPublisher.create(kinesis, config),
                    null,
                    StructuredLog.to("bench", line -> {}),
                    Clock.systemUTC());
            double d = forward(service, events, records, warmUp ? ignored : forwardedCpu);
            kinesis.deleteStream(r -> r.streamName(forwarderStream));
            String rawStream = newStream(kinesis, STREAM + "-" + rep + "-r");
            double e = putRecords(kinesis, rawStream, payloads, records, warmUp ? ignored : rawCpu);
            kinesis.deleteStream(r -> r.streamName(rawStream));
            ctx.progress(
                    "forwarder %s: ForwarderService %,.0f/s, raw PutRecords %,.0f/s",
                    warmUp ? "warm-up" : "rep " + rep, d, e);
            if (!warmUp) {
                forwarded.add(d);
                raw.add(e);
                loads.add(load);
            }
        }
        Report report = ctx.report();
        Report.Figure fd = report.figure(
                "5f",
                "forwarder: ForwarderService -> kinesis-mock, " + records + " records",
                "records/s",
                forwarded,
                loads,
                events.size() + " Lambda events of up to 100 stream "
                        + "records, mapped, encoded and published in order; a new " + SHARDS + "-shard stream per run",
                forwardedCpu);
        Report.Figure fe = report.figure(
                "5r",
                "baseline: raw PutRecords of the same payloads, same batches",
                "records/s",
                raw,
                loads,
                "envelopes encoded beforehand; one call per event, sequential",
                rawCpu);
        report.ratio(
                "R5",
                "forwarder vs raw PutRecords, records/s",
                fd,
                fe,
                null,
                null,
                "no target was set; kinesis-mock's CPU per record dominates both sides, so the forwarder's own cost "
                        + "shows in its extra JVM CPU per 1,000 records (5f vs 5r)");
    }

    private double forward(
            ForwarderService service, List<DynamodbEvent> events, long expected, Map<String, Samples> cpu)
            throws InterruptedException {
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        long published = 0;
        for (DynamodbEvent event : events) {
            ForwardResult result = service.forward(event, Duration.ofMinutes(5));
            if (!result.failedSequenceNumbers().isEmpty()) {
                throw new IllegalStateException("forwarder failed: " + result.failureReason());
            }
            published += result.stats().published();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        IngestFigures.check(published, expected, "ForwarderService");
        return expected / seconds;
    }

    private static double putRecords(
            KinesisClient kinesis,
            String stream,
            List<List<PutRecordsRequestEntry>> batches,
            long expected,
            Map<String, Samples> cpu)
            throws InterruptedException {
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        long accepted = 0;
        for (List<PutRecordsRequestEntry> batch : batches) {
            accepted += putAll(kinesis, stream, batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        IngestFigures.check(accepted, expected, "raw PutRecords");
        return expected / seconds;
    }

    /** One PutRecords of {@code batch}, then again with only the entries refused, until all are in; the count. */
    static long putAll(KinesisClient kinesis, String stream, List<PutRecordsRequestEntry> batch) {
        long accepted = 0;
        List<PutRecordsRequestEntry> pending = batch;
        while (!pending.isEmpty()) {
            List<PutRecordsRequestEntry> sent = pending;
            List<PutRecordsResultEntry> results =
                    kinesis.putRecords(r -> r.streamName(stream).records(sent)).records();
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    failed.add(sent.get(i));
                }
            }
            accepted += sent.size() - failed.size();
            pending = failed;
        }
        return accepted;
    }

    /** Writes the scan items to a table with a stream and reads the stream back as Lambda events. */
    private List<DynamodbEvent> streamEvents(LocalAws aws) throws Exception {
        Path file = ctx.workDir().resolve("stream-source.json");
        ScanFile.write(file, ctx.options().streamRecords());
        SourceObject source =
                new SourceObject("bench-ingest", "trivy/stream.json", Optional.of("v1"), Optional.empty(), -1);
        IngestConfig config = IngestConfig.fromEnv(ScanFile.ingestEnv(TABLE, 1));
        List<Map<String, AttributeValue>> items = PrebuiltItems.build(file, config.ruleFor(source.key()), source);
        Files.delete(file);
        aws.createTable(TABLE, ScanFile.PARTITION_KEY);
        List<WriteRequest> requests = items.stream()
                .map(item -> WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build())
                .toList();
        long written = BatchWriteCeiling.write(aws.dynamoDb(), TABLE, BatchWriteCeiling.batches(requests, 25), 1);
        IngestFigures.check(written, items.size(), "stream table");

        String streamArn =
                aws.dynamoDb().describeTable(r -> r.tableName(TABLE)).table().latestStreamArn();
        List<DynamodbEvent> events = new ArrayList<>();
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
                events.add(StreamRecords.toLambdaEvent(page.records(), streamArn));
                iterator = page.nextShardIterator();
            }
        }
        long records = events.stream().mapToLong(e -> e.getRecords().size()).sum();
        IngestFigures.check(records, items.size(), "stream records");
        ctx.progress("forwarder: %,d stream records in %,d events", records, events.size());
        return events;
    }

    /** Creates a stream of {@value #SHARDS} shards and waits until it is active. */
    static String newStream(KinesisClient kinesis, String stream) throws InterruptedException {
        kinesis.createStream(r -> r.streamName(stream).shardCount(SHARDS));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (kinesis.describeStreamSummary(r -> r.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus()
                    == StreamStatus.ACTIVE) {
                return stream;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("stream " + stream + " not active after 60 s");
    }
}
