package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.ProgressReporter;
import io.scanpipeline.sink.hec.HecClient;
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
 * emits: the same namespace, metric name, and dimension names and values, taken from the EMF lines the code writes
 * (the sink's progress reporter and the forwarder's invocation line).
 */
class AlarmMetricsContractTest {

    private final Template template = Template.load();

    /** A metric as CloudWatch keys it: namespace, name, dimension name -> value. */
    private record Metric(String namespace, String name, Map<String, String> dimensions) {}

    @Test
    void everyAlarmOnOurNamespaces_readsAMetricTheCodeEmits_withTheSameNameNamespaceAndDimensions() throws Exception {
        String application = template.intrinsics().text(sinkEnvironment().get("APPLICATION_NAME"));
        List<Metric> emitted = new ArrayList<>(sinkMetrics(application));
        emitted.addAll(forwarderMetrics(template.intrinsics().text(Map.of("Ref", "ChangeStream"))));
        List<String> checked = new ArrayList<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> properties = template.resolvedProperties(alarm);
            assertThat(String.valueOf(properties.get("Metrics")))
                    .as(alarm
                            + ": a metric-math or Metrics Insights alarm on our namespace cannot be checked; use "
                            + "Namespace/MetricName/Dimensions")
                    .doesNotContain("ScanPipeline/");
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
        assertThat(checked).contains("SinkDeadLetteredAlarm", "SinkHecFailuresAlarm", "ForwarderQuarantineAlarm");
    }

    private Map<String, Object> sinkEnvironment() {
        Map<String, Object> container = Template.map(
                Template.list(template.properties("SinkTaskDefinition").get("ContainerDefinitions"))
                        .get(0));
        Map<String, Object> environment = new TreeMap<>();
        for (Object entry : Template.list(container.get("Environment"))) {
            Map<String, Object> pair = Template.map(entry);
            environment.put(String.valueOf(pair.get("Name")), pair.get("Value"));
        }
        return environment;
    }

    /** The metrics of the forwarder's EMF line for an invocation that published and quarantined a record. */
    private static List<Metric> forwarderMetrics(String stream) throws Exception {
        Map<String, Object> fields = io.scanpipeline.forwarder.ForwarderMetrics.logFields(
                new io.scanpipeline.forwarder.InvocationStats(2, 1, 0, 0, 0, 1, null), stream, java.time.Instant.EPOCH);
        return metrics(List.of(Json.mapper().writeValueAsString(fields)));
    }

    /** The metrics in the EMF lines of the sink's progress reporter, run once. */
    private static List<Metric> sinkMetrics(String application) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StructuredLog log = StructuredLog.to("contract", lines::add);
        try (HecClient hec = HecClient.create(
                HecEnvironment.fromEnv(
                        Map.of("HEC_URLS", "https://127.0.0.1:9", "HEC_TOKEN", "00000000-0000-0000-0000-000000000000")),
                log)) {
            SinkStats stats = new SinkStats();
            stats.shard("shardId-000000000000");
            new ProgressReporter(stats, hec, log, Clock.systemUTC(), application).run();
        }
        List<Metric> metrics = metrics(lines);
        assertThat(new TreeSet<>(metrics.stream().map(Metric::name).toList()))
                .as("EMF metrics in " + lines)
                .isNotEmpty();
        return metrics;
    }

    private static List<Metric> metrics(List<String> lines) throws Exception {
        List<Metric> metrics = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = Json.mapper().readTree(line);
            for (JsonNode directive : json.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode set : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new TreeMap<>();
                    set.forEach(name -> dimensions.put(
                            name.asText(), json.path(name.asText()).asText()));
                    for (JsonNode metric : directive.path("Metrics")) {
                        metrics.add(new Metric(
                                directive.path("Namespace").asText(),
                                metric.path("Name").asText(),
                                dimensions));
                    }
                }
            }
        }
        return metrics;
    }
}
