package io.scanpipeline.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestHandler;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.ingest.snapshot.DynamoScopeHeads;
import io.scanpipeline.ingest.snapshot.SnapshotScope;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.lambda.LambdaInvoker;
import io.scanpipeline.local.lambda.S3Notifications;
import io.scanpipeline.sink.HealthEvents;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline on this machine: the local AWS emulators, the bucket and tables of the pipeline configuration, and
 * the ingest handler receiving the bucket's ObjectCreated notifications as Lambda would.
 */
public final class LocalPipeline implements AutoCloseable {

    /**
     * @param dataDir    where state is kept across restarts (--persist), or null for temporary state
     * @param configFile the pipeline configuration (rules per S3 prefix), e.g. config/pipeline.json
     * @param bucket     the bucket scans are dropped into
     * @param logFile    where the stage handlers' JSON log lines go
     * @param hecIndexers how many HEC receivers stand in for Splunk: 1 (the default) is a single receiver; more run
     *                    as indexers behind a round-robin balancer without stickiness, all appending to
     *                    {@link #hecEventsFile()}
     */
    public record Options(Path dataDir, Path configFile, String bucket, Path logFile, int hecIndexers) {

        public Options {
            if (hecIndexers < 1) {
                throw new IllegalArgumentException("hecIndexers must be at least 1, was " + hecIndexers);
            }
        }

        /** One HEC receiver. */
        public Options(Path dataDir, Path configFile, String bucket, Path logFile) {
            this(dataDir, configFile, bucket, logFile, 1);
        }
    }

    /** How many ingest invocations may run at once (the ingest function's concurrency). */
    static final int INGEST_CONCURRENCY = 4;

    private final Options options;
    private final LocalAws aws;
    /** The bucket holding the pipeline's own configuration (the ingest rules); never ingested. */
    static final String CONFIG_BUCKET = "pipeline-config";

    static final String RULES_KEY = "ingest-rules.json";
    /** The table of the newest scan per snapshot scope (the template's ScanScopesTable). */
    public static final String SCOPE_TABLE = "ScanScopes";

    private final IngestConfig ingestConfig;
    private final S3Notifications notifications;
    private final Downstream downstream;
    private final BufferedWriter logWriter;
    private StatusView status;
    private final IngestWriteFaults faults;

    private LocalPipeline(
            Options options,
            LocalAws aws,
            IngestConfig ingestConfig,
            S3Notifications notifications,
            Downstream downstream,
            BufferedWriter logWriter,
            IngestWriteFaults faults) {
        this.faults = faults;
        this.options = options;
        this.aws = aws;
        this.ingestConfig = ingestConfig;
        this.notifications = notifications;
        this.downstream = downstream;
        this.logWriter = logWriter;
    }

    /** Starts everything; the caller closes it. */
    public static LocalPipeline start(Options options) throws IOException {
        Files.createDirectories(options.logFile().toAbsolutePath().getParent());
        BufferedWriter logWriter = Files.newBufferedWriter(
                options.logFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        LocalAws aws = LocalAws.start(options.dataDir());
        try {
            Map<String, String> env = new HashMap<>(aws.env());
            // as the template does: the rules are an S3 object read at cold start (not an environment variable,
            // which Lambda caps at 4 KB for all variables), in a bucket the S3 notifications do not ingest from
            aws.createBucket(CONFIG_BUCKET, false);
            aws.s3()
                    .putObject(
                            r -> r.bucket(CONFIG_BUCKET).key(RULES_KEY).contentType("application/json"),
                            software.amazon.awssdk.core.sync.RequestBody.fromFile(options.configFile()));
            env.put("INGEST_RULES_S3_URI", "s3://" + CONFIG_BUCKET + "/" + RULES_KEY);
            env.put("SCOPE_TABLE", SCOPE_TABLE);
            IngestConfig config = IngestConfig.fromEnv(env, io.scanpipeline.ingest.RuleDocuments.s3(aws.s3()));
            Set<String> snapshotTables = new LinkedHashSet<>();
            config.rules().stream()
                    .filter(r -> r.snapshot().isPresent())
                    .forEach(r -> snapshotTables.add(r.target().table()));
            for (TableTarget target : tables(config)) {
                // as the template: a table any snapshot rule writes gets the sparse scope index retirement pages
                // through
                boolean snapshot = snapshotTables.contains(target.table());
                aws.createTable(
                        target.table(),
                        target.partitionKey().name(),
                        target.sortKey().map(k -> k.name()).orElse(null),
                        true,
                        snapshot ? SnapshotScope.INDEX : null,
                        SnapshotScope.SCOPE_ATTRIBUTE,
                        SnapshotScope.SCAN_ATTRIBUTE);
            }
            if (!snapshotTables.isEmpty()) {
                aws.createTable(SCOPE_TABLE, DynamoScopeHeads.KEY, null, false); // no stream: heads never reach Splunk
            }
            aws.createBucket(options.bucket(), true);
            StatusView[] status = new StatusView[1];
            java.util.function.Consumer<String> logSink = line -> {
                writeLine(logWriter, line);
                if (status[0] != null) {
                    status[0].observe(line);
                }
            };
            StructuredLog log = StructuredLog.to("ingest", logSink);
            Downstream downstream = Downstream.start(
                    aws,
                    tables(config).stream().map(TableTarget::table).distinct().toList(),
                    options.bucket(),
                    options.logFile().toAbsolutePath().getParent(),
                    options.hecIndexers(),
                    StructuredLog.to("downstream", logSink));
            IngestWriteFaults faults = new IngestWriteFaults();
            IngestHandler handler = new IngestHandler(
                    new IngestService(
                            config,
                            aws.s3(),
                            faults.wrap(aws.dynamoDb()),
                            new S3Quarantine(aws.s3(), config.quarantineBucket(), config.quarantinePrefix()),
                            log),
                    log);
            S3Notifications notifications = new S3Notifications(
                    aws.s3Server(),
                    new LambdaInvoker<>("ingest", handler, S3Event.class),
                    config.quarantinePrefix(),
                    INGEST_CONCURRENCY);
            LocalPipeline pipeline =
                    new LocalPipeline(options, aws, config, notifications, downstream, logWriter, faults);
            status[0] = new StatusView(pipeline);
            pipeline.status = status[0];
            return pipeline;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aws.close();
            logWriter.close();
            throw new IOException("interrupted while starting", e);
        } catch (RuntimeException | IOException e) {
            aws.close();
            logWriter.close();
            throw e;
        }
    }

    private static Set<TableTarget> tables(IngestConfig config) {
        Set<TableTarget> tables = new LinkedHashSet<>();
        for (IngestRule rule : config.rules()) {
            tables.add(rule.target());
        }
        return tables;
    }

    private static void writeLine(BufferedWriter writer, String line) {
        synchronized (writer) {
            try {
                writer.write(line);
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Waits until every notification was handled (or failed for good); false when the timeout passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (notifications.pending() == 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return notifications.pending() == 0;
    }

    /**
     * Waits until every change recorded by the table streams has reached the HEC receiver (or the timeout).
     *
     * @return true when everything arrived
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long changes = tables().stream()
                    .map(TableTarget::table)
                    .distinct()
                    .mapToLong(aws::streamRecordCount)
                    .sum();
            if (notifications.pending() == 0 && hecEventIds() >= changes) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /**
     * The receiver's file of accepted events (one JSON line each): what Splunk would have indexed. With several
     * indexers, all of them append to it.
     */
    public Path hecEventsFile() {
        return options.logFile().toAbsolutePath().getParent().resolve(Downstream.HEC_EVENTS_FILE);
    }

    /** Records the sink has dead-lettered so far. */
    public long sinkDeadLettered() {
        return downstream.sink().stats().deadLettered();
    }

    /** Distinct change events (by eventId) the HEC receiver (every indexer) has accepted. */
    public long hecEventIds() {
        return changeEvents().stream()
                .map(e -> e.path("event").path("eventId").asText())
                .distinct()
                .count();
    }

    /**
     * The HEC events that carry change envelopes, every delivered copy: what the receiver accepted less the sink's
     * own {@link HealthEvents health events}; with several indexers, what all of them stored.
     */
    public List<JsonNode> changeEvents() {
        return downstream.hec().events().stream()
                .filter(e ->
                        !HealthEvents.SOURCETYPE.equals(e.path("sourcetype").asText()))
                .toList();
    }

    /**
     * The local Splunk: every event the sink delivered, with its {@code receivedAt} in {@link HecReceiver#receipts()}.
     *
     * @throws IllegalStateException when the pipeline runs several indexers ({@link #hecIndexers()})
     */
    public HecReceiver hecReceiver() {
        return downstream.receiver();
    }

    /** The HEC receivers standing in for Splunk's indexers (one unless {@link Options#hecIndexers()} says more). */
    public List<HecReceiver> hecIndexers() {
        return downstream.hec().indexers();
    }

    /** Restarts every HEC indexer: their ackIds start again from 0 and those issued before never turn true. */
    public void restartHecIndexers() {
        downstream.hec().restartAll();
    }

    /** Requests the balancer sent to each indexer, in {@link #hecIndexers()} order (zeros without a balancer). */
    public List<Long> hecRequestsPerIndexer() {
        return downstream.hec().forwardedPerIndexer();
    }

    /** The Kinesis stream the forwarder writes the change envelopes to and the sink reads. */
    public String changeStream() {
        return Downstream.STREAM;
    }

    /**
     * The settings that bound a change's latency from S3 to HEC, by name (ingest concurrency, the stream mappings'
     * batching, the KCL's polling, HEC acknowledgements), for reports such as the benchmark's.
     */
    public Map<String, String> latencySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ingestConcurrency", Integer.toString(INGEST_CONCURRENCY));
        settings.putAll(downstream.latencySettings());
        return settings;
    }

    /** The status view: counts and lag per stage, the last errors. */
    public String status() {
        return status.render();
    }

    Downstream downstream() {
        return downstream;
    }

    public LocalAws aws() {
        return aws;
    }

    public Options options() {
        return options;
    }

    public S3Notifications notifications() {
        return notifications;
    }

    /** Faults a test may put into the ingest's conditional item writes. */
    public IngestWriteFaults ingestWriteFaults() {
        return faults;
    }

    /** The tables of the configuration. */
    public Set<TableTarget> tables() {
        return tables(ingestConfig);
    }

    public String quarantinePrefix() {
        return ingestConfig.quarantinePrefix();
    }

    public Optional<String> quarantineBucket() {
        return ingestConfig.quarantineBucket();
    }

    @Override
    public void close() throws IOException {
        notifications.close();
        downstream.close();
        aws.close();
        logWriter.close();
    }
}
