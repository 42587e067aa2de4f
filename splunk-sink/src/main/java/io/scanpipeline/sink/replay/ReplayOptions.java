package io.scanpipeline.sink.replay;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.StartPosition;
import io.scanpipeline.core.EnvReader;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@link ReplayCommand}:
 * <pre>
 * TRIM_HORIZON | AT_TIMESTAMP &lt;iso time&gt; | AT_SEQUENCE_NUMBER &lt;shardId&gt;:&lt;seq&gt;[,&lt;shardId&gt;:&lt;seq&gt;...]
 *   [--until &lt;iso time&gt;] [--application &lt;name&gt;] [--keep-lease-table] [--timeout &lt;duration&gt;]
 * </pre>
 *
 * @param start          where the replay's leases start
 * @param window         which records are sent
 * @param application    the replay's KCL application (lease table); default {@code <APPLICATION_NAME>-replay-<UTC
 *                       time as yyyyMMdd-HHmmss>}
 * @param keepLeaseTable whether to keep the replay's lease table afterwards (default: delete it)
 * @param timeout        give up after this long (default 24 h)
 */
public record ReplayOptions(StartPosition start, ReplayWindow window, String application, boolean keepLeaseTable,
                            Duration timeout) {

    static final String USAGE = "usage: ReplayCommand TRIM_HORIZON | AT_TIMESTAMP <iso time> | AT_SEQUENCE_NUMBER "
            + "<shardId>:<seq>[,...] [--until <iso time>] [--application <name>] [--keep-lease-table] "
            + "[--timeout <duration>]";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /**
     * Parses {@code args}; the default application name derives from {@code baseApplication} and {@code now}.
     *
     * @throws ConfigException naming the argument at fault
     */
    public static ReplayOptions parse(List<String> args, String baseApplication, Instant now) {
        if (args.isEmpty()) {
            throw new ConfigException("position", "is required. " + USAGE);
        }
        StartPosition start;
        Map<String, SequencePosition> fromSequence = null;
        int next;
        switch (args.get(0).toUpperCase(java.util.Locale.ROOT)) {
            case "TRIM_HORIZON" -> {
                start = StartPosition.trimHorizon();
                next = 1;
            }
            case "AT_TIMESTAMP" -> {
                start = StartPosition.atTimestamp(SinkConfig.instant("AT_TIMESTAMP", value(args, 0)));
                next = 2;
            }
            case "AT_SEQUENCE_NUMBER" -> {
                // KCL cannot start a new lease at a sequence number: read from the trim horizon and skip up to it
                start = StartPosition.trimHorizon();
                fromSequence = sequences(value(args, 0));
                next = 2;
            }
            default -> throw new ConfigException("position", "must be TRIM_HORIZON, AT_TIMESTAMP or "
                    + "AT_SEQUENCE_NUMBER, was '" + args.get(0) + "'. " + USAGE);
        }
        Instant until = null;
        String application = baseApplication + "-replay-" + SUFFIX.format(now);
        boolean keep = false;
        Duration timeout = Duration.ofHours(24);
        for (int i = next; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--until" -> until = SinkConfig.instant("--until", value(args, i++));
                case "--application" -> application = value(args, i++);
                case "--keep-lease-table" -> keep = true;
                case "--timeout" -> timeout = EnvReader.parseDuration("--timeout", value(args, i++));
                default -> throw new ConfigException(args.get(i), "is not an option. " + USAGE);
            }
        }
        refuseLive(application, baseApplication);
        if (until != null && start.timestamp() != null && until.isBefore(start.timestamp())) {
            throw new ConfigException("--until", "is before the start " + start.timestamp());
        }
        return new ReplayOptions(start, new ReplayWindow(until, fromSequence), application, keep, timeout);
    }

    /**
     * Refuses {@code application} when it is the live sink's application or one of the tables KCL 3 keeps for it: a
     * replay there would join the live lease table, checkpoint its window's skipped records in it, then delete it.
     *
     * @throws ConfigException naming {@code --application}
     */
    static void refuseLive(String application, String liveApplication) {
        for (String table : List.of(liveApplication, liveApplication + "-CoordinatorState",
                liveApplication + "-WorkerMetricStats")) {
            if (application.equals(table)) {
                throw new ConfigException("--application", "'" + application + "' is (a table of) the live "
                        + "application " + liveApplication + " (APPLICATION_NAME): a replay would take over its "
                        + "leases, checkpoint past records and delete its lease table. Choose another name");
            }
        }
    }

    private static String value(List<String> args, int index) {
        if (index + 1 >= args.size()) {
            throw new ConfigException(args.get(index), "needs a value. " + USAGE);
        }
        return args.get(index + 1);
    }

    private static Map<String, SequencePosition> sequences(String text) {
        Map<String, SequencePosition> positions = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new ConfigException("AT_SEQUENCE_NUMBER", "takes <shardId>:<sequence number>, was '" + part
                        + "'");
            }
            try {
                positions.put(part.substring(0, colon).trim(), SequencePosition.of(part.substring(colon + 1).trim(), 0));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("AT_SEQUENCE_NUMBER", e.getMessage());
            }
        }
        return positions;
    }
}
