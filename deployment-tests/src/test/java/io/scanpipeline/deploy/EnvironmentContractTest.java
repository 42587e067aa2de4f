package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.scanpipeline.core.AwsClients;
import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.forwarder.ForwarderHandler;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.sink.HecEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The variables each piece of code reads (recorded by handing {@link RecordingEnv} to its own {@code fromEnv}) are
 * exactly: the ones the template sets, the ones the platform sets, and the ones deliberately left at the code's
 * default, each with its reason below. A variable the code starts to read fails this test until someone decides,
 * and so does a variable the template sets that no code reads (a typo, or a leftover).
 */
class EnvironmentContractTest {

    /** Set by the Lambda runtime in every function. */
    private static final Map<String, String> LAMBDA_RUNTIME =
            Map.of("AWS_REGION", Intrinsics.REGION, "AWS_DEFAULT_REGION", Intrinsics.REGION);

    private static final Map<String, String> INGEST_DEFAULTS = Map.ofEntries(
            Map.entry("SORT_KEY", "the table has a partition key only"),
            Map.entry("SORT_KEY_TEMPLATE", "the table has a partition key only"),
            Map.entry("INGEST_RULES_FILE", "rules come from S3 (INGEST_RULES_S3_URI, parameter IngestRulesLocation)"),
            Map.entry("INGEST_RULES", "Lambda allows 4 KB for all variables: rules come from S3 (INGEST_RULES_S3_URI)"),
            Map.entry(
                    "QUARANTINE_BUCKET",
                    "the quarantine is the source bucket (the code's default); naming the bucket here "
                            + "would make a dependency cycle through the S3 notification"),
            Map.entry("WRITE_MAX_ATTEMPTS", "code default 10"),
            Map.entry("WRITE_BACKOFF_BASE", "code default PT0.05S"),
            Map.entry("WRITE_BACKOFF_MAX", "code default PT5S"),
            Map.entry("QUARANTINE_RAW_MAX_BYTES", "code default 16384"),
            Map.entry("MAX_RECORD_BYTES", "code default 16 MiB"),
            Map.entry("MAX_DECOMPRESSED_BYTES", "code default 8 GiB"),
            Map.entry("MAX_DECOMPRESSION_RATIO", "code default 200"),
            Map.entry("MAX_RECORDS_PER_LINE", "code default 10000"),
            Map.entry("MAX_CONTEXT_BYTES", "code default 64 KiB"),
            Map.entry("INGEST_DEADLINE_MARGIN", "code default PT20S of the function's timeout"),
            Map.entry("AWS_ENDPOINT_URL", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_S3", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_DYNAMODB", "local emulators only"),
            Map.entry("S3_FORCE_PATH_STYLE", "follows the S3 endpoint: virtual-hosted on AWS"));

    private static final Map<String, String> FORWARDER_DEFAULTS = Map.ofEntries(
            Map.entry("STREAM_ARN", "STREAM_NAME is set, and only one of the two may be"),
            Map.entry("INCLUDE_REMOVE", "EVENT_NAMES (parameter ForwarderEventNames) decides"),
            Map.entry("MAX_RECORD_BYTES", "code default: Kinesis' 1 MiB"),
            Map.entry("RETRY_BASE_BACKOFF", "code default PT0.1S"),
            Map.entry("RETRY_MAX_BACKOFF", "code default PT5S"),
            Map.entry("DEADLINE_SAFETY_MARGIN", "code default PT1S"),
            Map.entry("AWS_ENDPOINT_URL", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_KINESIS", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_S3", "local emulators only"),
            Map.entry("S3_FORCE_PATH_STYLE", "follows the S3 endpoint: virtual-hosted on AWS"));

    private static final Map<String, String> SINK_DEFAULTS = Map.ofEntries(
            Map.entry("HEC_ACK_TIMEOUT", "code default 180 s"),
            Map.entry("HEC_ACK_POLL_INTERVAL", "code default 10 s"),
            Map.entry("HEC_SOURCE", "raw endpoint only: each event carries its scan file (or route) as source"),
            Map.entry("HEC_HOST", "Splunk uses the sender's address"),
            Map.entry("HEC_GZIP", "code default true"),
            Map.entry("HEC_BATCH_MAX_EVENTS", "code default 500"),
            Map.entry("HEC_BATCH_MAX_BYTES", "code default 800000 (under Splunk Cloud's 1 MB request limit)"),
            Map.entry("HEC_MAX_IN_FLIGHT_BYTES", "code default 64 MiB"),
            Map.entry("HEC_ALLOW_PLAINTEXT", "must stay false: HEC_URLS is https"),
            Map.entry("HEC_TOKEN_SECRET_KEY", "code default: the secret is the token, or JSON with \"token\""),
            Map.entry("HEALTH_EVENT_INTERVAL", "code default 60 s"),
            Map.entry("HEC_TOKEN", "the sink reads HEC_TOKEN_SECRET_ARN at run time (and again after a rotation)"),
            Map.entry("HEC_MAX_IN_FLIGHT_EVENTS", "code default 10000, 50000 with HEC_ACK"),
            Map.entry("HEC_REQUEST_TIMEOUT", "code default 30 s"),
            Map.entry("HEC_RETRY_BASE", "code default 1 s"),
            Map.entry("HEC_RETRY_MAX", "code default 60 s"),
            Map.entry("HEC_RETRY_DURATION", "code default 1 h (Kinesis keeps the records for days)"),
            Map.entry("HEC_INSECURE_TLS", "must stay false outside local runs"),
            Map.entry("HEC_CHANNELS", "code default 2"),
            Map.entry("HEC_HEALTH_CHECK_INTERVAL", "code default 10 s"),
            Map.entry("HEC_ENDPOINT", "code default: the event endpoint, which keeps per-event metadata"),
            Map.entry("AWS_ENDPOINT_URL", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_KINESIS", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_DYNAMODB", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_CLOUDWATCH", "local emulators only"),
            Map.entry("AWS_ENDPOINT_URL_S3", "local emulators only"),
            Map.entry("S3_FORCE_PATH_STYLE", "follows the S3 endpoint: virtual-hosted on AWS"),
            Map.entry("STREAM_ARN", "the template names the stream by STREAM_NAME"),
            Map.entry("WORKER_ID", "host plus a new id per task is what ECS wants"),
            Map.entry("FAILOVER_TIME", "KCL default lease expiry (10 s)"),
            Map.entry("LEASE_ASSIGNMENT_INTERVAL", "KCL default (twice the failover time)"),
            Map.entry("SHARD_SYNC_INTERVAL", "code default 60 s"),
            Map.entry("LEADER_LEASE_DURATION", "KCL default 2 min"),
            Map.entry("WORKER_METRICS_INTERVAL", "KCL default 30 s"),
            Map.entry("LEASE_TABLE_PRECREATE", "only the local emulator needs it; KCL creates its table on AWS"),
            Map.entry("KCL_CLIENT_VERSION", "code default 3X"),
            Map.entry("KCL_METRICS_LEVEL", "code default NONE: the sink's own EMF metrics are the alarms' source"),
            Map.entry("KCL_LOG_LEVEL", "code default WARNING"),
            Map.entry("FANOUT_CONSUMER_NAME", "defaults to the application name; polling is the default mode"),
            Map.entry("POLLING_MAX_RECORDS", "code default 10000 (KCL's)"),
            Map.entry("POLLING_IDLE_TIME", "code default 1 s"),
            Map.entry("REDELIVERY_INTERVAL", "code default 30 s"),
            Map.entry("AUTH_ALARM_INTERVAL", "code default 5 s"),
            Map.entry("SHUTDOWN_DRAIN_TIMEOUT", "code default 20 s, inside ECS's 30 s stop timeout"),
            Map.entry("STALL_TIMEOUT", "code default 15 min, above HEC_ACK_TIMEOUT; /health and the health check"),
            Map.entry(
                    "LEASE_ASSIGNMENT_STRATEGY",
                    "KCL's default WORKER_UTILIZATION_AWARE: Fargate gives KCL the " + "CPU metrics it balances on"));

    /**
     * What the sink's SinkConfig.fromEnv will read (from its author); used only while that class is not in this
     * build. Once it is, the variables are recorded from the class itself.
     */
    private static final Set<String> SINK_CONFIG_ANNOUNCED = Set.of(
            "STREAM_NAME",
            "APPLICATION_NAME",
            "INITIAL_POSITION",
            "INITIAL_TIMESTAMP",
            "RETRIEVAL_MODE",
            "DEAD_LETTER_BUCKET",
            "DEAD_LETTER_PREFIX",
            "MAX_IN_FLIGHT_EVENTS",
            "CHECKPOINT_INTERVAL",
            "HEALTH_PORT",
            "PROGRESS_INTERVAL",
            "HEC_TOKEN_SECRET_ARN");

    private final Template template = Template.load();

    @Test
    void ingestFunction_readsExactlyTheVariablesTheTemplateSetsOrDeliberatelyLeavesUnset() {
        RecordingEnv env = new RecordingEnv(lambdaEnvironment(Deployment.INGEST));
        assertThatCode(() -> IngestConfig.fromEnv(env)).doesNotThrowAnyException();

        assertDecided(
                env.read(),
                Deployment.functionVariableNames(template, Deployment.INGEST),
                LAMBDA_RUNTIME.keySet(),
                INGEST_DEFAULTS);
        assertThat(env.read()).contains("TABLE_NAME", "PARTITION_KEY", "QUARANTINE_PREFIX");
    }

    @Test
    void forwarderFunction_readsExactlyTheVariablesTheTemplateSetsOrDeliberatelyLeavesUnset() throws Exception {
        RecordingEnv env = new RecordingEnv(lambdaEnvironment(Deployment.FORWARDER));
        // the handler's own factory: the configuration and the clients it builds from the environment
        Method fromEnv = ForwarderHandler.class.getDeclaredMethod("fromEnv", Map.class);
        fromEnv.setAccessible(true);
        try {
            fromEnv.invoke(null, env);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the forwarder refuses the template's environment", e.getCause());
        }

        assertDecided(
                env.read(),
                Deployment.functionVariableNames(template, Deployment.FORWARDER),
                LAMBDA_RUNTIME.keySet(),
                FORWARDER_DEFAULTS);
        ForwarderConfig config = ForwarderConfig.fromEnv(lambdaEnvironment(Deployment.FORWARDER));
        assertThat(config.hasQuarantine())
                .as("the forwarder quarantines what Kinesis can never take")
                .isTrue();
    }

    @Test
    void sinkContainer_setsEveryVariableTheSinkReads() throws Exception {
        Map<String, String> values = Deployment.sinkEnvironment(template);
        Set<String> set = Deployment.sinkVariableNames(template);
        RecordingEnv env = new RecordingEnv(values);
        assertThatCode(() -> HecEnvironment.fromEnv(env)).doesNotThrowAnyException();
        // region and endpoint of the sink's AWS clients, read the project's one way
        assertThatCode(() -> AwsClients.fromEnv(env)).doesNotThrowAnyException();
        Set<String> read = new TreeSet<>(env.read());

        Class<?> sinkConfig = sinkConfigClass();
        if (sinkConfig != null) {
            Method fromEnv = sinkConfig.getMethod("fromEnv", Map.class);
            try {
                fromEnv.invoke(null, env);
            } catch (InvocationTargetException e) {
                throw new AssertionError("SinkConfig refuses the template's environment", e.getCause());
            }
            read.addAll(env.read());
        } else {
            // SinkConfig is not in this build yet: check the variables its author announced
            read.addAll(SINK_CONFIG_ANNOUNCED);
        }

        assertDecided(read, set, Set.of(), SINK_DEFAULTS);
        assertThat(set)
                .as("the token comes from Secrets Manager, read by the sink itself, never as plain text")
                .contains("HEC_TOKEN_SECRET_ARN")
                .doesNotContain("HEC_TOKEN");
        assertThat(values).doesNotContainKey("HEC_INSECURE_TLS");
    }

    @Test
    void recordingEnv_seesLookupsOfUnsetVariables() {
        RecordingEnv env = new RecordingEnv(Map.of("TABLE_NAME", "T"));
        IngestConfig.fromEnv(env);
        assertThat(env.read()).contains("TABLE_NAME", "SORT_KEY", "WRITE_CONCURRENCY", "INGEST_RULES");
    }

    /** The function's variables as Lambda gives them to the code: the template's plus the runtime's. */
    private Map<String, String> lambdaEnvironment(String function) {
        Map<String, String> env = new LinkedHashMap<>(LAMBDA_RUNTIME);
        env.putAll(Deployment.functionEnvironment(template, function));
        return env;
    }

    private static void assertDecided(
            Set<String> read, Set<String> setByTemplate, Set<String> platform, Map<String, String> defaults) {
        Set<String> undecided = new TreeSet<>(read);
        undecided.removeAll(setByTemplate);
        undecided.removeAll(platform);
        undecided.removeAll(defaults.keySet());
        assertThat(undecided)
                .as("read by the code, but neither set by template.yaml nor listed as a deliberate " + "default")
                .isEmpty();

        Set<String> unread = new TreeSet<>(setByTemplate);
        unread.removeAll(read);
        assertThat(unread).as("set by template.yaml but read by no code").isEmpty();

        Set<String> stale = new TreeSet<>(defaults.keySet());
        stale.removeAll(read);
        assertThat(stale)
                .as("listed as deliberate defaults but no longer read by the code")
                .isEmpty();
        Set<String> both = new TreeSet<>(defaults.keySet());
        both.retainAll(setByTemplate);
        assertThat(both)
                .as("listed as left at the default, yet set by template.yaml")
                .isEmpty();
    }

    private static Class<?> sinkConfigClass() {
        try {
            return Class.forName("io.scanpipeline.sink.SinkConfig");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
