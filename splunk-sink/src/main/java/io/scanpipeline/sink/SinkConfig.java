package io.scanpipeline.sink;

import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.kcl.HecRoutes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything the sink reads from its environment, validated once by {@link #fromEnv(Map)} with messages that name the
 * variable. {@link #toString()} holds no secret: the HEC token is masked by {@link io.scanpipeline.sink.hec.HecToken}.
 *
 * <p>Variables (besides those of {@link KclSettings}, {@link AwsClients} and {@link HecEnvironment}, which are read
 * too), all through the project's one reader {@link EnvReader} (its duration grammar):
 *
 * @param streamName        {@code STREAM_NAME}: the Kinesis stream; {@code STREAM_ARN} may be given instead (exactly
 *                          one of the two: both set is refused, naming both, as the forwarder does)
 * @param streamArn         {@code STREAM_ARN}, or null
 * @param applicationName   {@code APPLICATION_NAME} (required): the KCL application, which is also the name of the
 *                          DynamoDB lease table; workers with the same name share the shards
 * @param workerId          {@code WORKER_ID} (default: host name and a random UUID): this worker in the lease table
 * @param start             {@code INITIAL_POSITION} ({@code TRIM_HORIZON} default, {@code LATEST},
 *                          {@code AT_TIMESTAMP} with {@code INITIAL_TIMESTAMP} as ISO-8601, e.g.
 *                          {@code 2024-05-01T10:00:00Z}): where a shard without a checkpoint starts
 * @param kcl               KCL tuning, see {@link KclSettings}
 * @param deadLetterBucket  {@code DEAD_LETTER_BUCKET} (required): S3 bucket for records that cannot be delivered
 * @param deadLetterPrefix  {@code DEAD_LETTER_PREFIX} (default {@code dead-letter/}): key prefix in that bucket
 * @param delivery          per-shard delivery settings, see {@link Delivery}
 * @param healthPort        {@code HEALTH_PORT} (default 8080; 0 picks a free port): {@code GET /health}
 * @param progressInterval  {@code PROGRESS_INTERVAL} (default 30 s): how often the progress line is logged
 * @param aws               region and endpoint overrides (Kinesis, DynamoDB, CloudWatch, S3), see {@link AwsClients}
 * @param hec               the {@code HEC_*} variables, see {@link HecEnvironment}
 * @param routes            index, sourcetype and source per table ({@code HEC_ROUTES}), see {@link HecRoutes}
 */
public record SinkConfig(
        String streamName,
        String streamArn,
        String applicationName,
        String workerId,
        StartPosition start,
        KclSettings kcl,
        String deadLetterBucket,
        String deadLetterPrefix,
        Delivery delivery,
        int healthPort,
        Duration progressInterval,
        Duration healthEventInterval,
        AwsClients aws,
        HecConfig hec,
        HecRoutes routes) {

    /** A copy with another HEC configuration (e.g. once the token was read from Secrets Manager). */
    public SinkConfig withHec(HecConfig newHec) {
        return toBuilder().hec(newHec).build();
    }

    /** A builder with no values: every part is set by the caller ({@link #fromEnv} states the defaults). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .streamName(streamName)
                .streamArn(streamArn)
                .applicationName(applicationName)
                .workerId(workerId)
                .start(start)
                .kcl(kcl)
                .deadLetterBucket(deadLetterBucket)
                .deadLetterPrefix(deadLetterPrefix)
                .delivery(delivery)
                .healthPort(healthPort)
                .progressInterval(progressInterval)
                .healthEventInterval(healthEventInterval)
                .aws(aws)
                .hec(hec)
                .routes(routes);
    }

    /** Builds a {@link SinkConfig} by name rather than by position; {@link #build()} validates. */
    public static final class Builder {
        private String streamName;
        private String streamArn;
        private String applicationName;
        private String workerId;
        private StartPosition start;
        private KclSettings kcl;
        private String deadLetterBucket;
        private String deadLetterPrefix;
        private Delivery delivery;
        private int healthPort;
        private Duration progressInterval;
        private Duration healthEventInterval;
        private AwsClients aws;
        private HecConfig hec;
        private HecRoutes routes;

        private Builder() {}

        public Builder streamName(String value) {
            streamName = value;
            return this;
        }

        public Builder streamArn(String value) {
            streamArn = value;
            return this;
        }

        public Builder applicationName(String value) {
            applicationName = value;
            return this;
        }

        public Builder workerId(String value) {
            workerId = value;
            return this;
        }

        public Builder start(StartPosition value) {
            start = value;
            return this;
        }

        public Builder kcl(KclSettings value) {
            kcl = value;
            return this;
        }

        public Builder deadLetterBucket(String value) {
            deadLetterBucket = value;
            return this;
        }

        public Builder deadLetterPrefix(String value) {
            deadLetterPrefix = value;
            return this;
        }

        public Builder delivery(Delivery value) {
            delivery = value;
            return this;
        }

        public Builder healthPort(int value) {
            healthPort = value;
            return this;
        }

        public Builder progressInterval(Duration value) {
            progressInterval = value;
            return this;
        }

        public Builder healthEventInterval(Duration value) {
            healthEventInterval = value;
            return this;
        }

        public Builder aws(AwsClients value) {
            aws = value;
            return this;
        }

        public Builder hec(HecConfig value) {
            hec = value;
            return this;
        }

        public Builder routes(HecRoutes value) {
            routes = value;
            return this;
        }

        /** The validated configuration; a {@link ConfigException} names the variable at fault. */
        public SinkConfig build() {
            return new SinkConfig(
                    streamName,
                    streamArn,
                    applicationName,
                    workerId,
                    start,
                    kcl,
                    deadLetterBucket,
                    deadLetterPrefix,
                    delivery,
                    healthPort,
                    progressInterval,
                    healthEventInterval,
                    aws,
                    hec,
                    routes);
        }
    }

    // DynamoDB's rule for table names, which the application name becomes
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/.+");

    /**
     * How one shard's records are delivered and checkpointed.
     *
     * @param maxInFlightEvents  {@code MAX_IN_FLIGHT_EVENTS} (default 5000): records of one shard held until Splunk
     *                           confirms them; when reached, reading the shard pauses (backpressure). Memory is about
     *                           this times the record size, per shard held
     * @param checkpointInterval {@code CHECKPOINT_INTERVAL} (default 10 s; 0 = after every read): least time between
     *                           two checkpoints of a shard. After a crash, up to this much confirmed data is sent again
     * @param redeliveryInterval {@code REDELIVERY_INTERVAL} (default 30 s): wait before sending again a batch the HEC
     *                           client gave up on (token refused, {@code HEC_RETRY_DURATION} exhausted)
     * @param authAlarmInterval  {@code AUTH_ALARM_INTERVAL} (default 5 s): how often the {@code hec_auth_failing}
     *                           alarm line is repeated while Splunk refuses the token
     * @param drainTimeout       {@code SHUTDOWN_DRAIN_TIMEOUT} (default 20 s): how long a graceful shutdown waits for
     *                           records in flight before checkpointing what was confirmed
     * @param stallTimeout       {@code STALL_TIMEOUT} (default 15 min): a shard holding records of which none was
     *                           confirmed for this long is stalled, and {@code /health} answers 503 (the container
     *                           health check then has ECS replace the task). Keep it above {@code HEC_ACK_TIMEOUT}
     *                           and a Splunk outage you would rather wait out than restart through
     */
    public record Delivery(
            int maxInFlightEvents,
            Duration checkpointInterval,
            Duration redeliveryInterval,
            Duration authAlarmInterval,
            Duration drainTimeout,
            Duration stallTimeout) {

        public Delivery {
            if (maxInFlightEvents < 1) {
                throw new ConfigException("MAX_IN_FLIGHT_EVENTS", "must be at least 1, was " + maxInFlightEvents);
            }
            if (checkpointInterval.isNegative()) {
                throw new ConfigException("CHECKPOINT_INTERVAL", "must not be negative");
            }
            positive("REDELIVERY_INTERVAL", redeliveryInterval);
            positive("AUTH_ALARM_INTERVAL", authAlarmInterval);
            if (drainTimeout.isNegative()) {
                throw new ConfigException("SHUTDOWN_DRAIN_TIMEOUT", "must not be negative");
            }
            positive("STALL_TIMEOUT", stallTimeout);
        }
    }

    public SinkConfig {
        EnvReader.exactlyOne("STREAM_NAME", streamName, "STREAM_ARN", streamArn);
        if (streamArn != null && !STREAM_ARN.matcher(streamArn).matches()) {
            throw new ConfigException(
                    "STREAM_ARN",
                    "must look like arn:aws:kinesis:<region>:<account>:stream/<name>, " + "was '" + streamArn + "'");
        }
        if (applicationName == null || !TABLE_NAME.matcher(applicationName).matches()) {
            throw new ConfigException(
                    "APPLICATION_NAME",
                    "is required: 3 to 255 letters, digits, '_', '-' or '.' "
                            + "(it names the DynamoDB lease table), was '" + applicationName + "'");
        }
        if (workerId == null || workerId.isBlank()) {
            throw new ConfigException("WORKER_ID", "must not be blank");
        }
        if (deadLetterBucket == null || deadLetterBucket.isBlank()) {
            throw new ConfigException(
                    "DEAD_LETTER_BUCKET",
                    "is required: records that cannot be delivered are kept " + "there, never dropped");
        }
        if (healthPort < 0 || healthPort > 65_535) {
            throw new ConfigException("HEALTH_PORT", "must be between 0 and 65535, was " + healthPort);
        }
        positive("PROGRESS_INTERVAL", progressInterval);
        if (healthEventInterval == null
                || healthEventInterval.isNegative()
                || (!healthEventInterval.isZero() && healthEventInterval.toMillis() < 1000)) {
            throw new ConfigException(
                    "HEALTH_EVENT_INTERVAL", "must be 0 (off) or at least 1 s, was " + healthEventInterval);
        }
        java.util.Objects.requireNonNull(routes, "routes");
    }

    /** Reads and validates everything from {@code env} (usually {@code System.getenv()}). */
    public static SinkConfig fromEnv(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        StartPosition.Kind kind = KclSettings.parse(
                StartPosition.Kind.class, "INITIAL_POSITION", read.string("INITIAL_POSITION", "TRIM_HORIZON"));
        String timestamp = read.string("INITIAL_TIMESTAMP", null);
        return builder()
                .streamName(read.string("STREAM_NAME", null))
                .streamArn(read.string("STREAM_ARN", null))
                .applicationName(read.string("APPLICATION_NAME", null))
                .workerId(read.string("WORKER_ID", defaultWorkerId()))
                .start(new StartPosition(kind, timestamp == null ? null : instant("INITIAL_TIMESTAMP", timestamp)))
                .kcl(KclSettings.fromEnv(env))
                .deadLetterBucket(read.string("DEAD_LETTER_BUCKET", null))
                .deadLetterPrefix(read.string("DEAD_LETTER_PREFIX", "dead-letter/"))
                .delivery(new Delivery(
                        read.integer("MAX_IN_FLIGHT_EVENTS", 5000),
                        read.duration("CHECKPOINT_INTERVAL", Duration.ofSeconds(10)),
                        read.duration("REDELIVERY_INTERVAL", Duration.ofSeconds(30)),
                        read.duration("AUTH_ALARM_INTERVAL", Duration.ofSeconds(5)),
                        read.duration("SHUTDOWN_DRAIN_TIMEOUT", Duration.ofSeconds(20)),
                        read.duration("STALL_TIMEOUT", Duration.ofMinutes(15))))
                .healthPort(read.integer("HEALTH_PORT", 8080))
                .progressInterval(read.duration("PROGRESS_INTERVAL", Duration.ofSeconds(30)))
                .healthEventInterval(read.duration("HEALTH_EVENT_INTERVAL", Duration.ofSeconds(60)))
                .aws(awsClients(env))
                .hec(HecEnvironment.fromEnv(env))
                .routes(HecEnvironment.routes(env))
                .build();
    }

    /** The sink's AWS settings: Kinesis, DynamoDB (leases), CloudWatch (KCL metrics), S3 (dead letters). */
    public static AwsClients awsClients(Map<String, String> env) {
        return AwsClients.fromEnv(
                env,
                AwsClients.Service.KINESIS,
                AwsClients.Service.DYNAMODB,
                AwsClients.Service.CLOUDWATCH,
                AwsClients.Service.S3);
    }

    /** The stream's name, from {@code STREAM_NAME} or the last part of {@code STREAM_ARN}. */
    public String stream() {
        return streamArn != null ? streamArn.substring(streamArn.indexOf(":stream/") + 8) : streamName;
    }

    /**
     * The same configuration for a replay: another KCL application (its own lease table) starting at
     * {@code newStart}, with its health endpoint on a free port so that it can run beside the sink.
     */
    public SinkConfig forReplay(String name, StartPosition newStart) {
        return toBuilder().applicationName(name).start(newStart).healthPort(0).build();
    }

    /** Parses an ISO-8601 instant; errors name {@code variable}. */
    public static Instant instant(String variable, String text) {
        try {
            return Instant.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    variable, "must be an ISO-8601 time such as 2024-05-01T10:00:00Z, was '" + text + "'");
        }
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + UUID.randomUUID();
    }

    private static void positive(String variable, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new ConfigException(variable, "must be a positive duration, was " + value);
        }
    }
}
