package io.scanpipeline.sink.replay;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.KclLogging;
import io.scanpipeline.sink.SinkApp;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.kcl.LeaseTable;
import io.scanpipeline.sink.kcl.SinkStats;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Sends a stretch of the stream to Splunk again, under a new KCL application with its own lease table, so the
 * running sink is not disturbed. Envelope {@code eventId}s are deterministic, so a Splunk search removes the
 * duplicates with {@code | dedup eventId}.
 *
 * <p>Configuration is the sink's environment ({@link SinkConfig}); the arguments are described in
 * {@link ReplayOptions}. The replay stops when every shard is finished — past {@code --until}, ended, or at the tip
 * (its last read returned nothing with {@code millisBehindLatest} 0) — and nothing is in flight; it then stops its
 * scheduler gracefully (checkpointing) and deletes its lease table unless {@code --keep-lease-table}.
 * Exit status: 0 done, 1 timed out, 2 invalid arguments or configuration.
 */
public final class ReplayCommand {

    /** What a replay did. */
    public record Result(String application, boolean completed, long delivered, long deadLettered, long skipped,
                         boolean leaseTableDeleted) {
    }

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        StructuredLog log = StructuredLog.forClass(ReplayCommand.class);
        SinkConfig base;
        ReplayOptions options;
        try {
            base = SinkConfig.fromEnv(System.getenv());
            options = ReplayOptions.parse(Arrays.asList(args), base.applicationName(), Instant.now());
        } catch (ConfigException e) {
            log.error("invalid_replay", Map.of("variable", e.variable(), "message", e.getMessage()));
            System.exit(2);
            return;
        }
        KclLogging.install(base.kcl().logLevel());
        Result result;
        try (SinkClients clients = SinkClients.create(base.aws(), base.kcl().retrievalMode())) {
            result = run(base, options, clients, log);
        }
        System.exit(result.completed() ? 0 : 1);
    }

    /**
     * Runs the replay described by {@code options} with the sink configuration {@code base}, and waits for it.
     * Closes nothing of {@code clients}.
     */
    public static Result run(SinkConfig base, ReplayOptions options, SinkClients clients, StructuredLog log) {
        ReplayOptions.refuseLive(options.application(), base.applicationName()); // options may be built elsewhere
        SinkConfig config = base.forReplay(options.application(), options.start());
        List<String> shards = shards(clients, config.stream());
        log.info("replay_started", Map.of("application", options.application(), "stream", config.stream(),
                "start", String.valueOf(options.start()), "until", String.valueOf(options.window().until()),
                "shards", shards));
        Clock clock = Clock.systemUTC();
        Instant deadline = clock.instant().plus(options.timeout());
        // the replay shares only the configuration with the sink: its own HEC client, dead letters and lease table
        SinkApp app = SinkApp.start(config, clients, options.window(), log);
        boolean completed = false;
        try {
            while (!(completed = finished(app.stats(), shards)) && clock.instant().isBefore(deadline)) {
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
        Result result = new Result(options.application(), completed, stats.delivered(), stats.deadLettered(),
                stats.skipped(), deleted);
        log.info(completed ? "replay_completed" : "replay_timed_out", Map.of("application", result.application(),
                "delivered", result.delivered(), "deadLettered", result.deadLettered(), "skipped", result.skipped(),
                "leaseTableDeleted", deleted));
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
                ListShardsResponse response = clients.kinesis().listShards(b -> {
                    if (page == null) {
                        b.streamName(stream);
                    } else {
                        b.nextToken(page);
                    }
                }).get(30, TimeUnit.SECONDS);
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
