package io.scanpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.forwarder.FailedBatch;
import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.forwarder.ForwarderHandler;
import io.scanpipeline.forwarder.ForwarderService;
import io.scanpipeline.forwarder.KinesisPublisher;
import io.scanpipeline.forwarder.RedriveFailedBatches;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.LocalSinkEnv;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.SinkApp;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.kcl.HecEventMapper;
import io.scanpipeline.sink.kcl.RecordSelector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KmsDisabledException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Issue 12 item 6 on the emulators: a Kinesis (KMS) outage that outlasts the stream mapping's retries (short
 * settings), recovery, then {@link RedriveFailedBatches} from the mapping's on-failure records: every change the
 * table's stream holds reaches Kinesis, and the KCL sink delivers every one of them to the HEC receiver.
 */
class ForwarderOutageIT {

    private static final StructuredLog QUIET = StructuredLog.to("test", line -> {});
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final String HEC_TOKEN = "00000000-0000-0000-0000-0000000000f6";

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @Test
    void kinesisOutageLongerThanTheRetries_thenRecoveryAndRedrive_leavesNoChangeMissing() throws Exception {
        String table = "Outage" + UUID.randomUUID().toString().substring(0, 8);
        aws.createTable(table, "pk");
        String kinesisStream = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        KinesisClient kinesis = aws.kinesisClient();
        kinesis.createStream(r -> r.streamName(kinesisStream).shardCount(1));
        StreamEventSourceMappingIT.awaitActive(kinesis, kinesisStream);
        ForwarderConfig config = ForwarderConfig.defaults(kinesisStream);
        OutageKinesis outage = new OutageKinesis(kinesis);
        ForwarderHandler forwarder = new ForwarderHandler(
                new ForwarderService(config, KinesisPublisher.create(outage, config), null, QUIET, Clock.systemUTC()));
        Path onFailure = dir.resolve("forwarder-on-failure.jsonl");
        EventSourceMappingSettings settings = EventSourceMappingSettings.builder()
                .batchSize(10)
                .maximumRetryAttempts(2)
                .retryBackoff(Duration.ofMillis(20))
                .onFailure(onFailure)
                .build();
        String streamArn =
                aws.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
        int writes = 0;

        MappingStatus status;
        try (StreamEventSourceMapping mapping = StreamEventSourceMapping.start(
                aws.streams(),
                streamArn,
                new LambdaInvoker<>("forwarder-" + table, forwarder, DynamodbEvent.class),
                settings,
                QUIET)) {
            aws.dynamo().addStreamListener(mapping::notifyRecordsAvailable);
            writes += putAll(table, "before-", 0, 10, 0);
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();

            outage.down = true;
            writes += putAll(table, "during-", 0, 25, 0);
            writes += putAll(table, "before-", 0, 5, 1); // changes to items Kinesis already has
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();
            assertThat(mapping.status().discardedRecords()).isEqualTo(30);

            outage.down = false;
            writes += putAll(table, "after-", 0, 10, 0);
            assertThat(mapping.awaitIdle(IDLE_TIMEOUT)).isTrue();
            status = mapping.status();
        }
        List<ChangeEnvelope> beforeRedrive = StreamEventSourceMappingIT.readKinesis(kinesis, kinesisStream);
        assertThat(beforeRedrive).hasSize(writes - 30);

        List<FailedBatch> failed = RedriveFailedBatches.readLines(onFailure);
        RedriveFailedBatches.Result redriven = new RedriveFailedBatches(
                        new ForwarderService(
                                config, KinesisPublisher.create(kinesis, config), null, QUIET, Clock.systemUTC()),
                        QUIET)
                .redrive(failed);

        List<ChangeEnvelope> delivered = StreamEventSourceMappingIT.readKinesis(kinesis, kinesisStream);
        Set<String> atReceiver = deliverToHec(kinesisStream, writes);
        System.out.println("{\"event\":\"forwarder_outage\",\"changes\":" + writes + ",\"recordsFailed\":"
                + status.discardedRecords() + ",\"batchesFailed\":" + status.discardedBatches()
                + ",\"recordsRedriven\":" + redriven.records() + ",\"deliveredToKinesis\":" + delivered.size()
                + ",\"distinctEventsAtHecReceiver\":" + atReceiver.size() + "}");
        assertThat(atReceiver)
                .containsExactlyInAnyOrderElementsOf(
                        delivered.stream().map(ChangeEnvelope::eventId).toList());
        assertThat(redriven.complete()).isTrue();
        assertThat(redriven.records()).isEqualTo(30);
        assertThat(failed).hasSize((int) status.discardedBatches());
        assertThat(delivered)
                .extracting(ChangeEnvelope::sequenceNumber)
                .doesNotHaveDuplicates()
                .hasSize(writes);
        assertThat(delivered)
                .extracting(e -> e.keys().path("pk").asText() + "@"
                        + e.newImage().path("version").asText())
                .contains("during-0@0", "during-24@0", "before-0@1", "before-4@1", "after-9@0");
        // per item, the redriven changes arrive in the order they happened (each item changed once in the outage)
        List<String> redrivenBefore = new ArrayList<>();
        for (ChangeEnvelope envelope : delivered.subList(writes - 30, writes)) {
            String pk = envelope.keys().path("pk").asText();
            if (pk.startsWith("before-")) {
                redrivenBefore.add(pk);
            }
        }
        assertThat(redrivenBefore).containsExactly("before-0", "before-1", "before-2", "before-3", "before-4");
    }

    /** Runs the KCL sink on the stream into a HEC receiver until it holds {@code expected} distinct change events. */
    private Set<String> deliverToHec(String kinesisStream, int expected) throws Exception {
        // as Downstream does: the sink's clients use the default credential chain; the emulators accept any
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        io.scanpipeline.sink.KclLogging.install("WARNING");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String deadLetters = "outage-dead-letters-" + suffix;
        aws.createBucket(deadLetters, false);
        Set<String> eventIds = new HashSet<>();
        try (HecReceiver receiver = HecReceiver.start(
                HecReceiverConfig.builder().port(0).token(HEC_TOKEN, true).build())) {
            Map<String, String> env = LocalSinkEnv.of(
                    aws, kinesisStream, "outage-sink-" + suffix, deadLetters, receiver.endpoint(), HEC_TOKEN, true);
            env.put("POLLING_IDLE_TIME", "PT0.2S");
            env.put("HEC_ACK_POLL_INTERVAL", "PT0.5S");
            SinkConfig sinkConfig = SinkConfig.fromEnv(env);
            SinkClients clients =
                    SinkClients.create(sinkConfig.aws(), sinkConfig.kcl().retrievalMode());
            SinkApp sink = SinkApp.start(sinkConfig, clients, RecordSelector.ALL, QUIET);
            try {
                StreamEventSourceMappingTest.waitUntil(
                        () -> {
                            eventIds.clear();
                            // change events only: the sink's health events carry no event id
                            receiver.events().stream()
                                    .map(e -> e.path("fields").path(HecEventMapper.FIELD_EVENT_ID))
                                    .filter(id -> id.isTextual() && !id.asText().isEmpty())
                                    .forEach(id -> eventIds.add(id.asText()));
                            return eventIds.size() >= expected;
                        },
                        Duration.ofSeconds(180));
            } finally {
                sink.close();
                clients.close();
            }
        }
        return eventIds;
    }

    private int putAll(String table, String prefix, int from, int to, int version) {
        for (int i = from; i < to; i++) {
            String pk = prefix + i;
            aws.dynamoDb()
                    .putItem(r -> r.tableName(table)
                            .item(Map.of(
                                    "pk",
                                    AttributeValue.fromS(pk),
                                    "version",
                                    AttributeValue.fromN(Integer.toString(version)))));
        }
        return to - from;
    }

    /**
     * Kinesis behind a switch: while {@code down}, every PutRecords fails as it does when the stream's KMS key is
     * disabled (a permanent error, so each invocation fails at once instead of waiting out its deadline); otherwise
     * the emulator answers. Stands in for the outage only; the records still go to the real kinesis-mock.
     */
    private static final class OutageKinesis implements KinesisClient {
        private final KinesisClient delegate;
        volatile boolean down;

        OutageKinesis(KinesisClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            if (down) {
                throw KmsDisabledException.builder()
                        .statusCode(400)
                        .message("the stream's KMS key is disabled")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("KMSDisabledException")
                                .errorMessage("the stream's KMS key is disabled")
                                .build())
                        .build();
            }
            return delegate.putRecords(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {}
    }
}
