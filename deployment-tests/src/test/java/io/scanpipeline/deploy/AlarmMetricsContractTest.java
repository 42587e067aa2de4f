package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.ProgressReporter;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.kcl.SinkStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every alarm of template.yaml on one of our own namespaces ({@code ScanPipeline/*}) reads a metric the code really
 * emits: the same namespace, metric name, and dimension names and values, taken from the EMF lines the code writes.
 */
class AlarmMetricsContractTest {

    private final Template template = Template.load();

    /** A metric as CloudWatch keys it: namespace, name, dimension name -> value. */
    private record Metric(String namespace, String name, Map<String, String> dimensions) {
    }

    @Test
    void everyAlarmOnOurNamespaces_readsAMetricTheSinkEmits_withTheSameNameNamespaceAndDimensions() throws Exception {
        String application = template.intrinsics().text(sinkEnvironment().get("APPLICATION_NAME"));
        List<Metric> emitted = sinkMetrics(application);
        List<String> checked = new ArrayList<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> properties = template.resolvedProperties(alarm);
            assertThat(String.valueOf(properties.get("Metrics"))).as(alarm
                    + ": a metric-math or Metrics Insights alarm on our namespace cannot be checked; use "
                    + "Namespace/MetricName/Dimensions").doesNotContain("ScanPipeline/");
            String namespace = String.valueOf(properties.get("Namespace"));
            if (!namespace.startsWith("ScanPipeline/")) {
                continue; // AWS/* metrics are emitted by AWS
            }
            Map<String, String> dimensions = new TreeMap<>();
            for (Object dimension : Template.list(properties.get("Dimensions"))) {
                Map<String, Object> pair = Template.map(dimension);
                dimensions.put(String.valueOf(pair.get("Name")), String.valueOf(pair.get("Value")));
            }
            Metric read = new Metric(namespace, String.valueOf(properties.get("MetricName")), dimensions);
            assertThat(emitted).as(alarm + " reads " + read).contains(read);
            checked.add(alarm);
        }
        assertThat(checked).contains("SinkDeadLetteredAlarm", "SinkHecFailuresAlarm");
    }

    private Map<String, Object> sinkEnvironment() {
        Map<String, Object> container = Template.map(Template.list(
                template.properties("SinkTaskDefinition").get("ContainerDefinitions")).get(0));
        Map<String, Object> environment = new TreeMap<>();
        for (Object entry : Template.list(container.get("Environment"))) {
            Map<String, Object> pair = Template.map(entry);
            environment.put(String.valueOf(pair.get("Name")), pair.get("Value"));
        }
        return environment;
    }

    /** The metrics in the EMF lines of the sink's progress reporter, run once. */
    private static List<Metric> sinkMetrics(String application) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StructuredLog log = StructuredLog.to("contract", lines::add);
        try (HecClient hec = HecClient.create(HecConfig.fromEnv(Map.of("HEC_URLS", "https://127.0.0.1:9",
                "HEC_TOKEN", "00000000-0000-0000-0000-000000000000")), log)) {
            SinkStats stats = new SinkStats();
            stats.shard("shardId-000000000000");
            new ProgressReporter(stats, hec, log, Clock.systemUTC(), application).run();
        }
        List<Metric> metrics = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = Json.mapper().readTree(line);
            for (JsonNode directive : json.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode set : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new TreeMap<>();
                    set.forEach(name -> dimensions.put(name.asText(), json.path(name.asText()).asText()));
                    for (JsonNode metric : directive.path("Metrics")) {
                        metrics.add(new Metric(directive.path("Namespace").asText(), metric.path("Name").asText(),
                                dimensions));
                    }
                }
            }
        }
        assertThat(new TreeSet<>(metrics.stream().map(Metric::name).toList())).as("EMF metrics in " + lines)
                .isNotEmpty();
        return metrics;
    }
}
