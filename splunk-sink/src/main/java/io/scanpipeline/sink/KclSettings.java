package io.scanpipeline.sink;

import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How the KCL Scheduler reads and balances the stream. The defaults are KCL's own except where noted; lower them
 * only for local runs and tests (they trade DynamoDB and Kinesis calls for reaction time).
 *
 * @param retrievalMode           {@code RETRIEVAL_MODE}: {@code POLLING} (default; GetRecords, shares the shard's
 *                                2 MB/s with other consumers) or {@code FANOUT} (enhanced fan-out: SubscribeToShard over
 *                                HTTP/2, a dedicated 2 MB/s per consumer, billed per shard hour)
 * @param pollingMaxRecords       {@code POLLING_MAX_RECORDS} (default 10000, KCL's own default and the API's
 *                                maximum): records per GetRecords; with one call per {@code POLLING_IDLE_TIME} it
 *                                caps a shard's read rate (1000 would be 1,000 records/s, no faster than a busy
 *                                shard is written, so a backlog or a replay would never catch up); KCL's prefetch
 *                                cache bounds the bytes held per shard
 * @param pollingIdleTime         {@code POLLING_IDLE_TIME} (default 1 s, at least 200 ms): pause between GetRecords
 *                                calls of a shard; each shard allows 5 reads per second shared by all consumers
 * @param fanoutConsumerName      {@code FANOUT_CONSUMER_NAME} (default: the application name) for FANOUT
 * @param failoverTime            {@code FAILOVER_TIME} (default 10 s): a lease not renewed for this long is taken over
 * @param leaseAssignmentInterval {@code LEASE_ASSIGNMENT_INTERVAL} (default 2 x FAILOVER_TIME): how often the leader
 *                                assigns leases
 * @param shardSyncInterval       {@code SHARD_SYNC_INTERVAL} (default 60 s): how often shards are listed (resharding)
 * @param leaderLeaseDuration     {@code LEADER_LEASE_DURATION} (default 2 min): how long the leader lock lasts without a
 *                                heartbeat; a worker killed while leader delays lease assignment by up to this much
 * @param leaseTablePrecreate     {@code LEASE_TABLE_PRECREATE} (default false): create the lease table with its
 *                                {@code LeaseOwnerToLeaseKeyIndex} in one CreateTable before KCL starts. Needed for
 *                                DynamoDB emulators such as dynalite that accept but ignore a GSI added by UpdateTable
 *                                (KCL 3 adds it that way); harmless on AWS
 * @param clientVersion           {@code KCL_CLIENT_VERSION}: {@code 3X} (default) or {@code COMPATIBLE_WITH_2X} while
 *                                KCL 2.x workers still share the application
 * @param metricsLevel            {@code KCL_METRICS_LEVEL}: {@code NONE} (default: no CloudWatch calls; the sink logs
 *                                its own progress), {@code SUMMARY} or {@code DETAILED}
 * @param logLevel                {@code KCL_LOG_LEVEL} (default WARNING): java.util.logging level of KCL's own lines
 * @param workerMetricsInterval   {@code WORKER_METRICS_INTERVAL} (default 30 s, at least 2 s): how often a worker
 *                                reports its load to the lease table. The leader counts a worker as alive for twice
 *                                this after its last report, so a crashed worker may be handed a lease (which then
 *                                expires after FAILOVER_TIME) for that long
 * @param leaseAssignment         {@code LEASE_ASSIGNMENT_STRATEGY}: {@code WORKER_UTILIZATION_AWARE} (default, KCL 3's
 *                                own: the leader balances on each worker's CPU, which KCL reads only on ECS and EC2;
 *                                elsewhere it sees no load and leaves a new worker idle on a quiet stream) or
 *                                {@code LEASE_COUNT_BASED} (the leader balances the number of leases per worker; for
 *                                local runs, or when shards carry similar load)
 */
public record KclSettings(
        RetrievalMode retrievalMode,
        int pollingMaxRecords,
        Duration pollingIdleTime,
        String fanoutConsumerName,
        Duration failoverTime,
        Duration leaseAssignmentInterval,
        Duration shardSyncInterval,
        Duration leaderLeaseDuration,
        boolean leaseTablePrecreate,
        ClientVersion clientVersion,
        MetricsLevel metricsLevel,
        String logLevel,
        Duration workerMetricsInterval,
        LeaseAssignment leaseAssignment) {

    /** How records are read. */
    public enum RetrievalMode {
        POLLING,
        FANOUT
    }

    /** Which KCL lease protocol the workers speak. */
    public enum ClientVersion {
        V3X,
        COMPATIBLE_WITH_2X
    }

    /** How the leader spreads leases over the workers (KCL 3's {@code LeaseAssignmentStrategy}). */
    public enum LeaseAssignment {
        WORKER_UTILIZATION_AWARE,
        LEASE_COUNT_BASED
    }

    /** KCL's CloudWatch metrics. */
    public enum MetricsLevel {
        NONE,
        SUMMARY,
        DETAILED
    }

    public KclSettings {
        if (pollingMaxRecords < 1 || pollingMaxRecords > 10_000) {
            throw new ConfigException("POLLING_MAX_RECORDS", "must be between 1 and 10000, was " + pollingMaxRecords);
        }
        if (pollingIdleTime.toMillis() < 200) {
            throw new ConfigException(
                    "POLLING_IDLE_TIME", "must be at least 200ms (KCL's minimum), was " + pollingIdleTime);
        }
        positive("FAILOVER_TIME", failoverTime);
        positive("LEASE_ASSIGNMENT_INTERVAL", leaseAssignmentInterval);
        positive("SHARD_SYNC_INTERVAL", shardSyncInterval);
        positive("LEADER_LEASE_DURATION", leaderLeaseDuration);
        if (workerMetricsInterval == null || workerMetricsInterval.toMillis() < 2000) {
            // KCL samples the metrics every second and wants reports less often than that
            throw new ConfigException("WORKER_METRICS_INTERVAL", "must be at least 2s, was " + workerMetricsInterval);
        }
        java.util.Objects.requireNonNull(leaseAssignment, "leaseAssignment");
        try {
            java.util.logging.Level.parse(logLevel);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "KCL_LOG_LEVEL",
                    "must be a java.util.logging level such as WARNING, INFO or " + "FINE, was '" + logLevel + "'");
        }
    }

    /** Reads the variables named on the record. */
    public static KclSettings fromEnv(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        Duration failover = read.duration("FAILOVER_TIME", Duration.ofSeconds(10));
        String version = read.string("KCL_CLIENT_VERSION", "3X").toUpperCase(Locale.ROOT);
        return new KclSettings(
                parse(RetrievalMode.class, "RETRIEVAL_MODE", read.string("RETRIEVAL_MODE", "POLLING")),
                read.integer("POLLING_MAX_RECORDS", 10_000),
                read.duration("POLLING_IDLE_TIME", Duration.ofSeconds(1)),
                read.string("FANOUT_CONSUMER_NAME", null),
                failover,
                read.duration("LEASE_ASSIGNMENT_INTERVAL", failover.multipliedBy(2)),
                read.duration("SHARD_SYNC_INTERVAL", Duration.ofSeconds(60)),
                read.duration("LEADER_LEASE_DURATION", Duration.ofMinutes(2)),
                read.bool("LEASE_TABLE_PRECREATE", false),
                parse(ClientVersion.class, "KCL_CLIENT_VERSION", version.equals("3X") ? "V3X" : version),
                parse(MetricsLevel.class, "KCL_METRICS_LEVEL", read.string("KCL_METRICS_LEVEL", "NONE")),
                read.string("KCL_LOG_LEVEL", "WARNING").toUpperCase(Locale.ROOT),
                read.duration("WORKER_METRICS_INTERVAL", Duration.ofSeconds(30)),
                parse(
                        LeaseAssignment.class,
                        "LEASE_ASSIGNMENT_STRATEGY",
                        read.string("LEASE_ASSIGNMENT_STRATEGY", "WORKER_UTILIZATION_AWARE")));
    }

    static <E extends Enum<E>> E parse(Class<E> type, String variable, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    variable,
                    "must be one of " + Arrays.toString(type.getEnumConstants()).replace("V3X", "3X") + ", was '"
                            + value + "'");
        }
    }

    private static void positive(String variable, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new ConfigException(variable, "must be a positive duration, was " + value);
        }
    }
}
