package io.scanpipeline.sink;

import software.amazon.awssdk.arns.Arn;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseAssignmentStrategy;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * Builds the KCL {@link Scheduler} from a {@link SinkConfig}: one config object per concern, as KCL's
 * {@link ConfigsBuilder} hands them out, adjusted with the sink's settings.
 */
public final class SchedulerFactory {

    private SchedulerFactory() {}

    /** A scheduler for {@code config}'s stream and application, creating processors with {@code processors}. */
    public static Scheduler create(SinkConfig config, SinkClients clients, ShardRecordProcessorFactory processors) {
        KclSettings kcl = config.kcl();
        InitialPositionInStreamExtended start = initialPosition(config.start());
        SingleStreamTracker tracker = config.streamArn() != null
                ? new SingleStreamTracker(
                        StreamIdentifier.singleStreamInstance(Arn.fromString(config.streamArn())), start)
                : new SingleStreamTracker(config.streamName(), start);
        ConfigsBuilder configs = new ConfigsBuilder(
                tracker,
                config.applicationName(),
                clients.kinesis(),
                clients.dynamoDb(),
                clients.cloudWatch(),
                config.workerId(),
                processors);

        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .failoverTimeMillis(kcl.failoverTime().toMillis())
                .leaseAssignmentIntervalMillis(kcl.leaseAssignmentInterval().toMillis())
                .shardSyncIntervalMillis(kcl.shardSyncInterval().toMillis())
                .dynamoDbLockBasedLeaderLeaseDurationInMillis(
                        kcl.leaderLeaseDuration().toMillis())
                // KCL advises a heartbeat at least three times as often as the leader lease lasts
                .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(
                        Math.max(1000, kcl.leaderLeaseDuration().toMillis() / 4))
                .leaseAssignmentStrategy(
                        kcl.leaseAssignment() == KclSettings.LeaseAssignment.LEASE_COUNT_BASED
                                ? LeaseAssignmentStrategy.LEASE_COUNT_BASED
                                : LeaseAssignmentStrategy.WORKER_UTILIZATION_AWARE);
        leases.workerUtilizationAwareAssignmentConfig()
                .workerMetricsReporterFreqInMillis(kcl.workerMetricsInterval().toMillis());

        CoordinatorConfig coordinator = configs.coordinatorConfig()
                .clientVersionConfig(
                        kcl.clientVersion() == KclSettings.ClientVersion.V3X
                                ? CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_3X
                                : CoordinatorConfig.ClientVersionConfig.CLIENT_VERSION_CONFIG_COMPATIBLE_WITH_2X);

        RetrievalConfig retrieval = configs.retrievalConfig();
        if (kcl.retrievalMode() == KclSettings.RetrievalMode.FANOUT) {
            FanOutConfig fanOut = new FanOutConfig(clients.kinesis())
                    .streamName(config.stream())
                    .applicationName(config.applicationName());
            if (kcl.fanoutConsumerName() != null) {
                fanOut.consumerName(kcl.fanoutConsumerName());
            }
            retrieval.retrievalSpecificConfig(fanOut);
        } else {
            retrieval.retrievalSpecificConfig(new PollingConfig(config.stream(), clients.kinesis())
                    .maxRecords(kcl.pollingMaxRecords())
                    .idleTimeBetweenReadsInMillis(kcl.pollingIdleTime().toMillis()));
        }

        MetricsConfig metrics = configs.metricsConfig()
                .metricsLevel(
                        switch (kcl.metricsLevel()) {
                            case NONE -> MetricsLevel.NONE;
                            case SUMMARY -> MetricsLevel.SUMMARY;
                            case DETAILED -> MetricsLevel.DETAILED;
                        });

        return new Scheduler(
                configs.checkpointConfig(),
                coordinator,
                leases,
                configs.lifecycleConfig(),
                metrics,
                // empty reads reach the processor too: that is when late confirmations get checkpointed
                configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true),
                retrieval);
    }

    static InitialPositionInStreamExtended initialPosition(StartPosition start) {
        return switch (start.kind()) {
            case TRIM_HORIZON ->
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);
            case LATEST -> InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST);
            case AT_TIMESTAMP ->
                InitialPositionInStreamExtended.newInitialPositionAtTimestamp(java.util.Date.from(start.timestamp()));
        };
    }
}
