package io.scanpipeline.sink.replay;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.HecTokenSecret;
import io.scanpipeline.sink.KclLogging;
import io.scanpipeline.sink.SinkApp;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.kcl.LeaseTable;
import io.scanpipeline.sink.kcl.SinkStats;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Sends a stretch of the stream to Splunk again, under a new KCL application with its own lease table, so the
 * running sink is not disturbed. Envelope {@code eventId}s are deterministic, so a Splunk search removes the
 * duplicates with {@code | dedup eventId}.
 *
 * <p>Configuration is the sink's environment ({@link SinkConfig}, the HEC token also from
 * {@code HEC_TOKEN_SECRET_ARN} as the sink reads it); the arguments are described in {@link ReplayOptions}. The
 * replay stops when every shard is finished — past {@code --until}, ended, or at the tip (its last read returned
 * nothing with {@code millisBehindLatest} 0) — and nothing is in flight; it then stops its scheduler gracefully
 * (checkpointing) and deletes its lease table unless {@code --keep-lease-table}. Runs as {@code bin/replay}, as
 * {@code splunk-sink.jar replay} (the sink image's command, {@link SinkCommand}) or as this class's {@code main}.
 * Exit status: 0 done, 1 timed out or failed, 2 invalid arguments or configuration.
 */
@Command(
        name = "replay",
        sortOptions = false,
        description = {
            "Sends a stretch of the Kinesis stream to Splunk again under a new KCL application (its own "
                    + "lease table), so the running sink is not disturbed. Envelope eventIds are deterministic: searches "
                    + "drop the duplicates with | dedup eventId.",
            "Configuration: the sink's environment (STREAM_NAME or STREAM_ARN, APPLICATION_NAME, HEC_URLS, "
                    + "HEC_TOKEN or HEC_TOKEN_SECRET_ARN, DEAD_LETTER_BUCKET, ...; see the README).",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every shard finished (past --until, ended, or at the tip)",
            "1:timed out, or failed",
            "2:invalid arguments or configuration"
        })
public final class ReplayCommand implements Callable<Integer>, CommandLine.IExitCodeExceptionMapper {

    /** What a replay did. */
    public record Result(
            String application,
            boolean completed,
            long delivered,
            long deadLettered,
            long skipped,
            boolean leaseTableDeleted) {}

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "POSITION",
            description = "where to start: TRIM_HORIZON, AT_TIMESTAMP " + "or AT_SEQUENCE_NUMBER")
    String position;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "VALUE",
            description = "AT_TIMESTAMP: an ISO-8601 time; "
                    + "AT_SEQUENCE_NUMBER: <shardId>:<seq>[,<shardId>:<seq>...] (shards not named are not replayed)")
    String value;

    @Option(
            names = "--until",
            paramLabel = "ISO_TIME",
            description = "stop each shard at its first record " + "written after this time (default: at the tip)")
    String until;

    @Option(
            names = "--application",
            paramLabel = "NAME",
            description = "the replay's KCL application and lease "
                    + "table (default <APPLICATION_NAME>-replay-<yyyyMMdd-HHmmss>; never the live one)")
    String application;

    @Option(
            names = "--keep-lease-table",
            description = "keep the replay's lease table afterwards (default: " + "delete it)")
    boolean keepLeaseTable;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "give up after this long (ISO-8601 or " + "30s/5m/2h; default 24h)")
    String timeout;

    private final Map<String, String> env;

    /** A replay configured by the process environment. */
    public ReplayCommand() {
        this(System.getenv());
    }

    /** A replay configured by {@code env} (tests). */
    public ReplayCommand(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        Commands.exit(new ReplayCommand(), args);
    }

    @Override
    public Integer call() {
        SinkConfig base = SinkConfig.fromEnv(env);
        ReplayOptions options;
        try {
            options = options(base.applicationName(), Instant.now());
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        KclLogging.install(base.kcl().logLevel());
        base = HecTokenSecret.resolve(base, HecTokenSecret.client(base.aws()));
        StructuredLog log = StructuredLog.forClass(ReplayCommand.class);
        Result result;
        try (SinkClients clients = SinkClients.create(base.aws(), base.kcl().retrievalMode())) {
            result = run(base, options, clients, log);
        }
        if (!result.completed()) {
            spec.commandLine()
                    .getErr()
                    .println(spec.qualifiedName() + ": timed out after " + options.timeout()
                            + " before every shard finished (" + result.delivered() + " events delivered; run it again "
                            + "with a later AT_TIMESTAMP or a longer --timeout)");
            return Commands.FAILED;
        }
        return Commands.OK;
    }

    /** The options the arguments describe, for a sink whose application is {@code baseApplication}. */
    ReplayOptions options(String baseApplication, Instant now) {
        return ReplayOptions.of(position, value, until, application, keepLeaseTable, timeout, baseApplication, now);
    }

    @Override
    public int getExitCode(Throwable exception) {
        return exception instanceof ConfigException ? Commands.USAGE : Commands.FAILED;
    }

    /**
     * Runs the replay described by {@code options} with the sink configuration {@code base}, and waits for it.
     * Closes nothing of {@code clients}.
     */
    public static Result run(SinkConfig base, ReplayOptions options, SinkClients clients, StructuredLog log) {
        ReplayOptions.refuseLive(options.application(), base.applicationName()); // options may be built elsewhere
        SinkConfig config = base.forReplay(options.application(), options.start());
        List<String> shards = shards(clients, config.stream());
        log.info(
                "replay_started",
                Map.of(
                        "application",
                        options.application(),
                        "stream",
                        config.stream(),
                        "start",
                        String.valueOf(options.start()),
                        "until",
                        String.valueOf(options.window().until()),
                        "shards",
                        shards));
        Clock clock = Clock.systemUTC();
        Instant deadline = clock.instant().plus(options.timeout());
        // the replay shares only the configuration with the sink: its own HEC client, dead letters and lease table
        SinkApp app = SinkApp.start(config, clients, options.window(), log);
        boolean completed = false;
        try {
            while (!(completed = finished(app.stats(), shards))
                    && clock.instant().isBefore(deadline)) {
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.close();
        }
        boolean deleted = false;
        if (!options.keepLeaseTable()) {
            new LeaseTable(clients.dynamoDb(), options.application()).delete();
            deleted = true;
        }
        SinkStats stats = app.stats();
        Result result = new Result(
                options.application(), completed, stats.delivered(), stats.deadLettered(), stats.skipped(), deleted);
        log.info(
                completed ? "replay_completed" : "replay_timed_out",
                Map.of(
                        "application",
                        result.application(),
                        "delivered",
                        result.delivered(),
                        "deadLettered",
                        result.deadLettered(),
                        "skipped",
                        result.skipped(),
                        "leaseTableDeleted",
                        deleted));
        return result;
    }

    /** Every shard finished or idle at the tip, and nothing in flight. */
    static boolean finished(SinkStats stats, List<String> shards) {
        if (stats.inFlight() > 0) {
            return false;
        }
        Map<String, SinkStats.ShardState> states = stats.shards();
        return shards.stream().allMatch(id -> {
            SinkStats.ShardState state = states.get(id);
            return state != null && (state.finished() || state.atTip() && state.inFlight() == 0);
        });
    }

    private static List<String> shards(SinkClients clients, String stream) {
        List<String> ids = new ArrayList<>();
        String token = null;
        try {
            do {
                String page = token;
                ListShardsResponse response = clients.kinesis()
                        .listShards(b -> {
                            if (page == null) {
                                b.streamName(stream);
                            } else {
                                b.nextToken(page);
                            }
                        })
                        .get(30, TimeUnit.SECONDS);
                response.shards().stream().map(Shard::shardId).forEach(ids::add);
                token = response.nextToken();
            } while (token != null);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the shards of " + stream + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing shards", e);
        }
        return ids;
    }
}
