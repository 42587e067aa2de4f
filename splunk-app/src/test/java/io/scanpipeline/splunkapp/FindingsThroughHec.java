package io.scanpipeline.splunkapp;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.local.emulator.LocalSinkEnv;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.hec.HecBatch;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.hec.HecDelivery;
import io.scanpipeline.sink.kcl.HecEventMapper;
import io.scanpipeline.splunk.search.SearchEngine;
import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.index.HecDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Scan files through the pipeline's own code to the search stand-in, without the emulators in between: the ingest's
 * rules ({@code config/pipeline.json}), {@link RecordReader} and {@link ItemBuilder} make the items (a later record
 * with the same key replaces an earlier one, as the writer merges them), each item becomes the INSERT envelope the
 * forwarder would publish, the sink's {@link HecEventMapper} and {@link HecClient} send it to the local
 * {@link HecReceiver} (acks on), and the receiver's file becomes the stand-in's index. The local pipeline's
 * end-to-end test covers the stages skipped here.
 */
final class FindingsThroughHec implements AutoCloseable {

    static final String TOKEN = "6f1c3e2a-9b8d-4c7e-a5f4-0e1d2c3b4a59";

    private final IngestConfig rules;
    private final Path eventsFile;
    private final HecReceiver receiver;
    private final HecClient hec;
    // the routes the local pipeline and template.yaml ship: Employees -> scan:employee, Findings -> scan:finding
    private final HecEventMapper mapper =
            new HecEventMapper(HecEnvironment.routes(Map.of("HEC_ROUTES", LocalSinkEnv.HEC_ROUTES)));
    private final List<ChangeEnvelope> sent = new ArrayList<>();
    private long sequence = 100_000_000_000_000_000L;

    FindingsThroughHec(Path dir) throws Exception {
        this.rules = IngestConfig.fromEnv(Map.of(
                "INGEST_RULES_FILE",
                AppFiles.repo().resolve("config/pipeline.json").toString()));
        this.eventsFile = dir.resolve("hec-events.ndjson");
        this.receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, true)
                .ackDelay(java.time.Duration.ZERO)
                .outputFile(eventsFile)
                .build());
        this.hec = HecClient.create(
                HecEnvironment.fromEnv(Map.of(
                        "HEC_URLS",
                        receiver.endpoint().toString(),
                        "HEC_TOKEN",
                        TOKEN,
                        "HEC_ACK",
                        "true",
                        "HEC_ACK_POLL_INTERVAL",
                        "20ms")),
                StructuredLog.to("hec", l -> {}));
    }

    /**
     * Ingests {@code file} as if uploaded under {@code s3Key} and delivers one INSERT per item at {@code time}.
     *
     * @return the items, by partition key, in file order
     */
    Map<String, Map<String, AttributeValue>> upload(Path file, String s3Key, Instant time) throws Exception {
        IngestRule rule = rules.ruleFor(s3Key);
        SourceObject source = new SourceObject(
                "scans",
                s3Key,
                Optional.of("v-" + s3Key.hashCode()),
                Optional.of("0062E99A88DC4074" + Long.toHexString(sequence % 256)),
                Files.size(file));
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        String keyName = rule.target().partitionKey().name();
        for (Map<String, AttributeValue> item : FixtureItems.items(rule, file, source)) {
            items.remove(item.get(keyName).s()); // a later record with the same key replaces it, at the end
            items.put(item.get(keyName).s(), item);
        }
        List<ChangeEnvelope> envelopes = new ArrayList<>();
        for (Map<String, AttributeValue> item : items.values()) {
            envelopes.add(ChangeEnvelope.of(
                    ChangeEnvelope.EventName.INSERT,
                    rule.target().table(),
                    Map.of(keyName, item.get(keyName)),
                    item,
                    null,
                    String.valueOf(sequence++),
                    time));
        }
        deliver(envelopes);
        return items;
    }

    /** Delivers {@code envelopes} through the sink's mapper and HEC client; returns when Splunk acknowledged all. */
    void deliver(List<ChangeEnvelope> envelopes) throws Exception {
        List<CompletableFuture<HecDelivery>> deliveries = new ArrayList<>();
        HecBatch.Builder batch = hec.newBatch("b" + sent.size());
        for (ChangeEnvelope envelope : envelopes) {
            if (!batch.add(mapper.map(envelope, null))) {
                deliveries.add(hec.send(batch.build()));
                batch = hec.newBatch("b" + sent.size() + "-" + deliveries.size());
                batch.add(mapper.map(envelope, null));
            }
        }
        if (!batch.isEmpty()) {
            deliveries.add(hec.send(batch.build()));
        }
        for (CompletableFuture<HecDelivery> delivery : deliveries) {
            HecDelivery done = delivery.get(60, TimeUnit.SECONDS);
            if (done.status() != HecDelivery.Status.DELIVERED) {
                throw new AssertionError("not delivered: " + done.deadLetters());
            }
        }
        sent.addAll(envelopes);
    }

    /** The search stand-in over what the receiver holds, with the app of this repository. */
    SearchEngine search(Clock clock) {
        SplunkApp app = SplunkApp.load(AppFiles.dir());
        return new SearchEngine(app, EventIndex.fromReceiverFile(eventsFile, HecDefaults.local(), app), clock);
    }

    @Override
    public void close() throws IOException {
        hec.close();
        receiver.close();
    }
}
