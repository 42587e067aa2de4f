package io.scanpipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.sink.hec.HecMetricsSnapshot;
import io.scanpipeline.sink.kcl.SinkStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

    private static HecMetricsSnapshot hec(long retries, long ackTimeouts, long authFailures) {
        return new HecMetricsSnapshot(0, 0, 0, 0, retries, ackTimeouts, 0, authFailures, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void countsArePerInterval_hecFailuresSumTheirKinds_andEachHeldShardGetsItsLag() {
        SinkStats stats = new SinkStats();
        stats.shard("shardId-000000000001");
        SinkMetrics metrics = new SinkMetrics("scan-sink");

        ObjectNode first = metrics.next(stats, hec(3, 1, 2)).get(0);
        List<ObjectNode> second = metrics.next(stats, hec(5, 1, 2));

        assertThat(first.path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .path("Namespace")
                        .asText())
                .isEqualTo("ScanPipeline/Sink");
        assertThat(first.path("Application").asText()).isEqualTo("scan-sink");
        assertThat(first.path("HecFailures").asLong()).isEqualTo(6);
        assertThat(first.path("HecRetries").asLong()).isEqualTo(3);
        assertThat(second.get(0).path("HecFailures").asLong())
                .as("only the interval's")
                .isEqualTo(2);
        assertThat(second.get(0).path("HecAuthFailures").asLong()).isZero();
        assertThat(second).hasSize(2);
        assertThat(second.get(1).path("ShardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(second.get(1).has("MillisBehindLatest"))
                .as("no lag before the first read")
                .isFalse();
    }
}
