package io.scanpipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    private static final String TOKEN = "9f8e7d6c-5b4a-4321-8fed-cba987654321";

    private static Map<String, String> minimal(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STREAM_NAME",
                "findings",
                "APPLICATION_NAME",
                "scan-sink",
                "DEAD_LETTER_BUCKET",
                "dead",
                "HEC_URLS",
                "https://splunk:8088",
                "HEC_TOKEN",
                TOKEN));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                env.remove(overrides[i]);
            } else {
                env.put(overrides[i], overrides[i + 1]);
            }
        }
        return env;
    }

    private static void assertRejects(String variable, String... overrides) {
        assertThatThrownBy(() -> SinkConfig.fromEnv(minimal(overrides)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable))
                .hasMessageStartingWith(variable + " ");
    }

    @Test
    void minimalEnvironment_getsTheDocumentedDefaults() {
        SinkConfig config = SinkConfig.fromEnv(minimal());

        assertThat(config.stream()).isEqualTo("findings");
        assertThat(config.start()).isEqualTo(StartPosition.trimHorizon());
        assertThat(config.deadLetterPrefix()).isEqualTo("dead-letter/");
        assertThat(config.delivery())
                .isEqualTo(new SinkConfig.Delivery(
                        5000,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20),
                        Duration.ofMinutes(15)));
        assertThat(config.healthPort()).isEqualTo(8080);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.kcl())
                .isEqualTo(new KclSettings(
                        KclSettings.RetrievalMode.POLLING,
                        10_000,
                        Duration.ofSeconds(1),
                        null,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(2),
                        false,
                        KclSettings.ClientVersion.V3X,
                        KclSettings.MetricsLevel.NONE,
                        "WARNING",
                        Duration.ofSeconds(30),
                        KclSettings.LeaseAssignment.WORKER_UTILIZATION_AWARE));
        assertThat(config.aws().endpointFor(AwsClients.Service.KINESIS)).isEmpty();
        assertThat(config.aws().s3PathStyle()).isFalse();
        assertThat(config.hec().sourcetype()).isEqualTo("scan:finding");
        assertThat(config.workerId()).isNotBlank();
    }

    @Test
    void everySettingIsRead() {
        SinkConfig config = SinkConfig.fromEnv(minimal(
                "INITIAL_POSITION",
                "at_timestamp",
                "INITIAL_TIMESTAMP",
                "2024-05-01T10:00:00Z",
                "RETRIEVAL_MODE",
                "FANOUT",
                "POLLING_MAX_RECORDS",
                "500",
                "FAILOVER_TIME",
                "3s",
                "KCL_CLIENT_VERSION",
                "compatible_with_2x",
                "MAX_IN_FLIGHT_EVENTS",
                "100",
                "CHECKPOINT_INTERVAL",
                "0",
                "HEALTH_PORT",
                "0",
                "WORKER_ID",
                "w1",
                "DEAD_LETTER_PREFIX",
                "dl/",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_S3",
                "http://127.0.0.1:9000"));

        assertThat(config.start()).isEqualTo(StartPosition.atTimestamp(Instant.parse("2024-05-01T10:00:00Z")));
        assertThat(config.kcl().retrievalMode()).isEqualTo(KclSettings.RetrievalMode.FANOUT);
        assertThat(config.kcl().pollingMaxRecords()).isEqualTo(500);
        assertThat(config.kcl().leaseAssignmentInterval())
                .as("2 x FAILOVER_TIME")
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(config.kcl().clientVersion()).isEqualTo(KclSettings.ClientVersion.COMPATIBLE_WITH_2X);
        assertThat(config.delivery().maxInFlightEvents()).isEqualTo(100);
        assertThat(config.delivery().checkpointInterval()).isZero();
        assertThat(config.workerId()).isEqualTo("w1");
        assertThat(config.deadLetterPrefix()).isEqualTo("dl/");
        assertThat(config.aws().endpointFor(AwsClients.Service.KINESIS)).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(config.aws().endpointFor(AwsClients.Service.S3))
                .as("service-specific wins")
                .contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.aws().s3PathStyle()).as("default with an S3 override").isTrue();
    }

    @Test
    void leaseAssignmentStrategy_countBased_isRead() {
        assertThat(SinkConfig.fromEnv(minimal("LEASE_ASSIGNMENT_STRATEGY", "lease_count_based"))
                        .kcl()
                        .leaseAssignment())
                .isEqualTo(KclSettings.LeaseAssignment.LEASE_COUNT_BASED);
    }

    @Test
    void streamArn_namesTheStream() {
        SinkConfig config = SinkConfig.fromEnv(minimal(
                "STREAM_NAME", null, "STREAM_ARN", "arn:aws:kinesis:eu-west-1:123456789012:stream/findings-prod"));

        assertThat(config.stream()).isEqualTo("findings-prod");
    }

    @Test
    void streamNameAndArnBothSet_isRefusedNamingBoth_asTheForwarderDoes() {
        // before: the ARN silently won here while the forwarder refused the same pair
        assertThatThrownBy(() -> SinkConfig.fromEnv(
                        minimal("STREAM_ARN", "arn:aws:kinesis:eu-west-1:123456789012:stream/findings-prod")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("STREAM_NAME and STREAM_ARN are both set ('findings', "
                        + "'arn:aws:kinesis:eu-west-1:123456789012:stream/findings-prod'); set only one of them");
    }

    @Test
    void durations_takeTheProjectsOneGrammar_andABareNumberOtherThanZeroIsRefused() {
        SinkConfig units = SinkConfig.fromEnv(minimal(
                "STALL_TIMEOUT",
                "15m",
                "HEC_ACK_TIMEOUT",
                "3m",
                "CHECKPOINT_INTERVAL",
                "0",
                "HEC_RETRY_DURATION",
                "1h",
                "POLLING_IDLE_TIME",
                "250ms"));
        SinkConfig iso = SinkConfig.fromEnv(minimal(
                "STALL_TIMEOUT",
                "PT15M",
                "HEC_ACK_TIMEOUT",
                "pt3m",
                "CHECKPOINT_INTERVAL",
                "PT0S",
                "HEC_RETRY_DURATION",
                "PT1H",
                "POLLING_IDLE_TIME",
                "PT0.25S"));
        assertThat(units.delivery()).isEqualTo(iso.delivery());
        assertThat(units.hec().ackTimeout()).isEqualTo(iso.hec().ackTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(units.hec().retryDuration()).isEqualTo(iso.hec().retryDuration());
        assertThat(units.kcl().pollingIdleTime()).isEqualTo(Duration.ofMillis(250));
        // before: a bare 30 was read as 30 seconds here, refused by the forwarder, read as nothing by the ingest
        assertThatThrownBy(() -> SinkConfig.fromEnv(minimal("HEC_ACK_TIMEOUT", "30")))
                .hasMessageStartingWith("HEC_ACK_TIMEOUT needs a unit (ms, s, m or h)");
    }

    @Test
    void hecRoutes_areReadAndValidatedAtStart() {
        SinkConfig config = SinkConfig.fromEnv(minimal(
                "HEC_ROUTES",
                "{\"Employees\": {\"sourcetype\": \"scan:employee\", \"index\": \"people\"},"
                        + " \"Findings\": {\"sourcetype\": \"scan:finding\"}}"));
        assertThat(config.routes().sourcetype("Employees")).isEqualTo("scan:employee");
        assertThat(config.routes().index("Employees")).isEqualTo("people");
        assertThat(config.routes().sourcetype("Findings")).isEqualTo("scan:finding");
        assertThat(config.routes().sourcetype("Other"))
                .as("unrouted: HEC_SOURCETYPE")
                .isEqualTo("scan:finding");
        assertThat(config.hec().isConfiguredIndex("people"))
                .as("a routed index is the sink's own")
                .isTrue();
        assertThat(SinkConfig.fromEnv(minimal()).routes().sourcetype("Employees"))
                .as("no routes: today's behaviour")
                .isEqualTo("scan:finding");

        assertRejects("HEC_ROUTES", "HEC_ROUTES", "{\"Employees\": \"scan:employee\"}");
        assertRejects("HEC_ROUTES", "HEC_ROUTES", "{\"Employees\": {\"sourcetyp\": \"scan:employee\"}}");
        assertRejects("HEC_ROUTES", "HEC_ROUTES", "{\"Employees\": {\"index\": \"People!\"}}");
        assertRejects("HEC_ROUTES", "HEC_ROUTES", "{\"Employees\": {\"sourcetype\": \" \"}}");
        assertRejects("HEC_ROUTES", "HEC_ROUTES", "[1]");
        assertRejects("HEC_ROUTES", "HEC_ROUTES", "{not json");
        assertThatThrownBy(() -> SinkConfig.fromEnv(minimal("HEC_ROUTES", "{\"Employees\": {\"sourcetyp\": \"x\"}}")))
                .hasMessage("HEC_ROUTES route of table 'Employees' has unknown field(s) [sourcetyp]; use index, "
                        + "sourcetype, source");
    }

    @Test
    void invalidValues_areRejectedNamingTheVariable() {
        assertRejects("STREAM_NAME", "STREAM_NAME", null);
        assertRejects("STREAM_ARN", "STREAM_NAME", null, "STREAM_ARN", "findings");
        assertRejects("APPLICATION_NAME", "APPLICATION_NAME", null);
        assertRejects("APPLICATION_NAME", "APPLICATION_NAME", "has space");
        assertRejects("DEAD_LETTER_BUCKET", "DEAD_LETTER_BUCKET", null);
        assertRejects("INITIAL_POSITION", "INITIAL_POSITION", "EARLIEST");
        assertRejects("INITIAL_TIMESTAMP", "INITIAL_POSITION", "AT_TIMESTAMP");
        assertRejects("INITIAL_TIMESTAMP", "INITIAL_POSITION", "AT_TIMESTAMP", "INITIAL_TIMESTAMP", "yesterday");
        assertRejects("INITIAL_TIMESTAMP", "INITIAL_TIMESTAMP", "2024-05-01T10:00:00Z");
        assertRejects("RETRIEVAL_MODE", "RETRIEVAL_MODE", "PUSH");
        assertRejects("LEASE_ASSIGNMENT_STRATEGY", "LEASE_ASSIGNMENT_STRATEGY", "ROUND_ROBIN");
        assertRejects("POLLING_MAX_RECORDS", "POLLING_MAX_RECORDS", "10001");
        assertRejects("POLLING_IDLE_TIME", "POLLING_IDLE_TIME", "100ms");
        assertRejects("FAILOVER_TIME", "FAILOVER_TIME", "0");
        assertRejects("KCL_CLIENT_VERSION", "KCL_CLIENT_VERSION", "4X");
        assertRejects("KCL_METRICS_LEVEL", "KCL_METRICS_LEVEL", "ALL");
        assertRejects("KCL_LOG_LEVEL", "KCL_LOG_LEVEL", "LOUD");
        assertRejects("WORKER_METRICS_INTERVAL", "WORKER_METRICS_INTERVAL", "1s");
        assertRejects("MAX_IN_FLIGHT_EVENTS", "MAX_IN_FLIGHT_EVENTS", "0");
        assertRejects("MAX_IN_FLIGHT_EVENTS", "MAX_IN_FLIGHT_EVENTS", "many");
        assertRejects("CHECKPOINT_INTERVAL", "CHECKPOINT_INTERVAL", "soon");
        assertRejects("REDELIVERY_INTERVAL", "REDELIVERY_INTERVAL", "0");
        assertRejects("HEALTH_PORT", "HEALTH_PORT", "70000");
        assertRejects("PROGRESS_INTERVAL", "PROGRESS_INTERVAL", "0");
        assertRejects("AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL_KINESIS", "localhost");
        assertRejects("S3_FORCE_PATH_STYLE", "S3_FORCE_PATH_STYLE", "yes");
        assertRejects("HEC_URLS", "HEC_URLS", null);
        assertRejects("HEC_TOKEN", "HEC_TOKEN", null);
    }

    @Test
    void toString_neverShowsTheToken() {
        SinkConfig config = SinkConfig.fromEnv(minimal());

        assertThat(config.toString()).doesNotContain(TOKEN).contains("****").contains("scan-sink");
    }

    @Test
    void forReplay_changesApplicationStartAndHealthPortOnly() {
        SinkConfig config = SinkConfig.fromEnv(minimal());
        StartPosition start = StartPosition.atTimestamp(Instant.parse("2024-05-01T10:00:00Z"));

        SinkConfig replay = config.forReplay("scan-sink-replay-1", start);

        assertThat(replay.applicationName()).isEqualTo("scan-sink-replay-1");
        assertThat(replay.start()).isEqualTo(start);
        assertThat(replay.healthPort()).isZero();
        assertThat(replay.hec()).isEqualTo(config.hec());
        assertThat(replay.stream()).isEqualTo(config.stream());
    }
}
