package io.scanpipeline.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.forwarder.ForwarderHandler;
import io.scanpipeline.forwarder.ForwarderService;
import io.scanpipeline.forwarder.KinesisPublisher;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.LocalSinkEnv;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.lambda.EventSourceMappingSettings;
import io.scanpipeline.local.lambda.LambdaInvoker;
import io.scanpipeline.local.lambda.StreamEventSourceMapping;
import io.scanpipeline.sink.SinkApp;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.kcl.RecordSelector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The stages after DynamoDB: a local event-source mapping per table stream feeding the forwarder handler (through
 * the Lambda serializer), the Kinesis stream, the KCL sink application, and the local HEC receiver standing in for
 * Splunk (one receiver, or several indexers behind a non-sticky balancer: {@link HecIndexers}).
 */
final class Downstream implements AutoCloseable {

    static final String STREAM = "scan-changes";
    static final String HEC_TOKEN = "00000000-0000-0000-0000-000000000001";
    static final String APPLICATION = "local-splunk-sink";
    /** How long the HEC receiver takes to report an ackId true (an indexer's delay). */
    static final Duration HEC_ACK_DELAY = Duration.ofMillis(200);

    /** The receiver's file of accepted events, in the pipeline's work folder. */
    static final String HEC_EVENTS_FILE = "hec-events.ndjson";

    private final List<StreamEventSourceMapping> mappings = new ArrayList<>();
    private EventSourceMappingSettings mappingSettings;
    private final HecIndexers hec;
    private final SinkConfig sinkConfig;
    private final StructuredLog log;
    private volatile SinkApp sink;
    private volatile SinkClients sinkClients;

    private Downstream(HecIndexers hec, SinkConfig sinkConfig, StructuredLog log) {
        this.hec = hec;
        this.sinkConfig = sinkConfig;
        this.log = log;
        startSink();
    }

    private void startSink() {
        sinkClients = SinkClients.create(sinkConfig.aws(), sinkConfig.kcl().retrievalMode());
        sink = SinkApp.start(sinkConfig, sinkClients, RecordSelector.ALL, log);
    }

    /**
     * Stops the KCL consumer (gracefully: what Splunk confirmed is checkpointed) and starts a new worker, which
     * takes the leases over and goes on from the checkpoints, as a redeployed sink service would.
     */
    synchronized void restartSink() {
        sink.close();
        sinkClients.close();
        startSink();
    }

    static Downstream start(
            LocalAws aws,
            List<String> tables,
            String deadLetterBucket,
            Path workDir,
            int hecIndexers,
            StructuredLog log)
            throws IOException, InterruptedException {
        // the sink's SDK clients take their credentials from the default chain; the emulators accept any
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        io.scanpipeline.sink.KclLogging.install("WARNING");
        var kinesis = aws.kinesisClient();
        if (kinesis.listStreams().streamNames().stream().noneMatch(STREAM::equals)) {
            kinesis.createStream(r -> r.streamName(STREAM).shardCount(2));
        }
        awaitActive(aws);

        HecIndexers hec = HecIndexers.start(hecIndexers, HEC_TOKEN, HEC_ACK_DELAY, workDir.resolve(HEC_EVENTS_FILE));
        Map<String, String> env =
                LocalSinkEnv.of(aws, STREAM, APPLICATION, deadLetterBucket, hec.endpoint(), HEC_TOKEN, true);
        env.put("POLLING_IDLE_TIME", "PT0.2S");
        env.put("CHECKPOINT_INTERVAL", "PT1S");
        env.put("PROGRESS_INTERVAL", "PT10S");
        env.put("HEC_ACK_POLL_INTERVAL", "PT0.5S");
        env.put("HEC_ACK_TIMEOUT", "PT10S");
        Downstream downstream;
        try {
            downstream = new Downstream(hec, SinkConfig.fromEnv(env), log);
        } catch (RuntimeException e) {
            hec.close();
            throw e;
        }

        ForwarderConfig forwarderConfig = ForwarderConfig.defaults(STREAM);
        ForwarderHandler forwarder = new ForwarderHandler(new ForwarderService(
                forwarderConfig, KinesisPublisher.create(kinesis, forwarderConfig), null, log, Clock.systemUTC()));
        LambdaInvoker<DynamodbEvent, StreamsEventResponse> invoker =
                new LambdaInvoker<>("stream-forwarder", forwarder, DynamodbEvent.class);
        EventSourceMappingSettings settings = EventSourceMappingSettings.builder()
                .onFailure(workDir.resolve("forwarder-on-failure.jsonl"))
                .build();
        downstream.mappingSettings = settings;
        for (String table : tables) {
            String arn = aws.dynamoDb()
                    .describeTable(r -> r.tableName(table))
                    .table()
                    .latestStreamArn();
            StreamEventSourceMapping mapping =
                    StreamEventSourceMapping.start(aws.streams(), arn, invoker, settings, log);
            aws.dynamo().addStreamListener(mapping::notifyRecordsAvailable);
            downstream.mappings.add(mapping);
        }
        return downstream;
    }

    private static void awaitActive(LocalAws aws) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (aws.kinesisClient()
                            .describeStreamSummary(r -> r.streamName(STREAM))
                            .streamDescriptionSummary()
                            .streamStatus()
                    == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Kinesis stream " + STREAM + " did not become active");
    }

    /**
     * The single HEC receiver; with several indexers use {@link #hec()} (one of them alone would be a partial view).
     */
    HecReceiver receiver() {
        if (hec.indexers().size() != 1) {
            throw new IllegalStateException(
                    "the pipeline runs " + hec.indexers().size() + " HEC indexers behind a balancer; use hec()");
        }
        return hec.indexers().get(0);
    }

    /** The local Splunk: its indexers (one or more) and the balancer in front of them. */
    HecIndexers hec() {
        return hec;
    }

    SinkApp sink() {
        return sink;
    }

    List<StreamEventSourceMapping> mappings() {
        return mappings;
    }

    /**
     * The settings that bound how long a change waits between the stages (for reports): the stream mappings'
     * batching window and idle poll, the KCL's pause between GetRecords, HEC acknowledgement polling and delay.
     */
    Map<String, String> latencySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(
                "esmMaximumBatchingWindow",
                mappingSettings.maximumBatchingWindow().toString());
        settings.put("esmBatchSize", Integer.toString(mappingSettings.batchSize()));
        settings.put("esmIdlePollInterval", mappingSettings.pollInterval().toString());
        settings.put("kclRetrievalMode", sinkConfig.kcl().retrievalMode().name());
        settings.put("kclPollingIdleTime", sinkConfig.kcl().pollingIdleTime().toString());
        settings.put(
                "kclCheckpointInterval",
                sinkConfig.delivery().checkpointInterval().toString());
        settings.put("hecAck", Boolean.toString(sinkConfig.hec().ack()));
        settings.put("hecAckPollInterval", sinkConfig.hec().ackPollInterval().toString());
        settings.put("hecReceiverAckDelay", HEC_ACK_DELAY.toString());
        settings.put("hecIndexers", Integer.toString(hec.indexers().size()));
        settings.put(
                "hecMaxInFlightEvents", Integer.toString(sinkConfig.delivery().maxInFlightEvents()));
        return settings;
    }

    /** Change records the mappings have handed to the forwarder so far. */
    long forwarded() {
        return mappings.stream().mapToLong(m -> m.status().recordsRead()).sum();
    }

    @Override
    public void close() {
        mappings.forEach(StreamEventSourceMapping::close);
        sink.close();
        sinkClients.close();
        hec.close();
    }
}
