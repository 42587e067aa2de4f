package io.scanpipeline.sink.replay;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.StartPosition;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What a replay does, from the arguments of {@link ReplayCommand} (which parses them):
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
public record ReplayOptions(
        StartPosition start, ReplayWindow window, String application, boolean keepLeaseTable, Duration timeout) {

    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Parses the replay's command-line arguments as {@code bin/replay} does (picocli, {@link ReplayCommand}); the
     * default application name derives from {@code baseApplication} and {@code now}.
     *
     * @throws ConfigException naming the argument at fault (variable {@code arguments} for a usage error)
     */
    public static ReplayOptions parse(List<String> args, String baseApplication, Instant now) {
        ReplayCommand command = new ReplayCommand(Map.of());
        try {
            Commands.commandLine(command).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException("arguments", e.getMessage());
        }
        return command.options(baseApplication, now);
    }

    /**
     * The options from the replay's arguments as given ({@link ReplayCommand} reads them); the default application
     * name derives from {@code baseApplication} and {@code now}.
     *
     * @param position    {@code TRIM_HORIZON}, {@code AT_TIMESTAMP} or {@code AT_SEQUENCE_NUMBER} (any case)
     * @param value       the position's value: an ISO-8601 time, or {@code <shardId>:<seq>[,...]}; null for
     *                    {@code TRIM_HORIZON}
     * @param until       {@code --until}, or null
     * @param application {@code --application}, or null for the default
     * @param timeout     {@code --timeout} (ISO-8601 or 30s/5m/2h), or null for 24 h
     * @throws ConfigException naming the argument at fault
     */
    public static ReplayOptions of(
            String position,
            String value,
            String until,
            String application,
            boolean keepLeaseTable,
            String timeout,
            String baseApplication,
            Instant now) {
        StartPosition start;
        Map<String, SequencePosition> fromSequence = null;
        String kind = position.toUpperCase(java.util.Locale.ROOT);
        switch (kind) {
            case "TRIM_HORIZON" -> {
                if (value != null) {
                    throw new ConfigException("TRIM_HORIZON", "takes no value, was given '" + value + "'");
                }
                start = StartPosition.trimHorizon();
            }
            case "AT_TIMESTAMP" ->
                start = StartPosition.atTimestamp(SinkConfig.instant("AT_TIMESTAMP", required(kind, value)));
            case "AT_SEQUENCE_NUMBER" -> {
                // KCL cannot start a new lease at a sequence number: read from the trim horizon and skip up to it
                start = StartPosition.trimHorizon();
                fromSequence = sequences(required(kind, value));
            }
            default ->
                throw new ConfigException(
                        "POSITION",
                        "must be TRIM_HORIZON, AT_TIMESTAMP or " + "AT_SEQUENCE_NUMBER, was '" + position + "'");
        }
        Instant end = until == null ? null : SinkConfig.instant("--until", until);
        String name = application != null ? application : baseApplication + "-replay-" + SUFFIX.format(now);
        Duration limit = timeout == null ? Duration.ofHours(24) : EnvReader.parseDuration("--timeout", timeout);
        refuseLive(name, baseApplication);
        if (end != null && start.timestamp() != null && end.isBefore(start.timestamp())) {
            throw new ConfigException("--until", "is before the start " + start.timestamp());
        }
        return new ReplayOptions(start, new ReplayWindow(end, fromSequence), name, keepLeaseTable, limit);
    }

    /**
     * Refuses {@code application} when it is the live sink's application or one of the tables KCL 3 keeps for it: a
     * replay there would join the live lease table, checkpoint its window's skipped records in it, then delete it.
     *
     * @throws ConfigException naming {@code --application}
     */
    static void refuseLive(String application, String liveApplication) {
        for (String table : List.of(
                liveApplication, liveApplication + "-CoordinatorState", liveApplication + "-WorkerMetricStats")) {
            if (application.equals(table)) {
                throw new ConfigException(
                        "--application",
                        "'" + application + "' is (a table of) the live "
                                + "application " + liveApplication
                                + " (APPLICATION_NAME): a replay would take over its "
                                + "leases, checkpoint past records and delete its lease table. Choose another name");
            }
        }
    }

    private static String required(String position, String value) {
        if (value == null) {
            throw new ConfigException(position, "needs a value");
        }
        return value;
    }

    private static Map<String, SequencePosition> sequences(String text) {
        Map<String, SequencePosition> positions = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new ConfigException(
                        "AT_SEQUENCE_NUMBER", "takes <shardId>:<sequence number>, was '" + part + "'");
            }
            try {
                positions.put(
                        part.substring(0, colon).trim(),
                        SequencePosition.of(part.substring(colon + 1).trim(), 0));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("AT_SEQUENCE_NUMBER", e.getMessage());
            }
        }
        return positions;
    }
}
