package io.scanpipeline.local;

import io.scanpipeline.ingest.item.TableTarget;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the demo prints once everything has settled: items per table, the employees, the quarantine. */
final class DemoReport {

    private final LocalPipeline pipeline;
    private final PrintStream out;

    DemoReport(LocalPipeline pipeline, PrintStream out) {
        this.pipeline = pipeline;
        this.out = out;
    }

    void print() {
        out.println();
        Downstream downstream = pipeline.downstream();
        long itemCount = 0;
        long streamRecords = 0;
        for (String table :
                pipeline.tables().stream().map(TableTarget::table).distinct().toList()) {
            itemCount += pipeline.aws().scanAll(table).size();
            streamRecords += pipeline.aws().streamRecordCount(table);
        }
        out.println("per stage:");
        out.printf("  S3 objects ingested      %d%n", pipeline.notifications().delivered());
        out.printf("  DynamoDB items           %d%n", itemCount);
        out.printf("  stream records           %d%n", streamRecords);
        out.printf("  forwarded to Kinesis     %d%n", downstream.forwarded());
        out.printf(
                "  HEC events (distinct)    %d   (%d received in all; duplicates are at-least-once retries)%n",
                pipeline.hecEventIds(), pipeline.changeEvents().size());
        out.printf("  sink dead letters        %d%n", downstream.sink().stats().deadLettered());
        out.printf(
                "  fixed (REMOVE in Splunk) %d   (retired by a newer scan of their snapshot scope)%n",
                pipeline.changeEvents().stream()
                        .map(e -> e.path("event"))
                        .filter(e -> "REMOVE".equals(e.path("eventName").asText()))
                        .map(e -> e.path("eventId").asText())
                        .distinct()
                        .count());
        out.println();
        for (String table :
                pipeline.tables().stream().map(TableTarget::table).distinct().toList()) {
            List<Map<String, AttributeValue>> items = pipeline.aws().scanAll(table);
            Map<String, Integer> bySeverity = new TreeMap<>();
            for (Map<String, AttributeValue> item : items) {
                AttributeValue severity = item.get("Severity");
                if (severity != null && severity.s() != null) {
                    bySeverity.merge(severity.s().toUpperCase(), 1, Integer::sum);
                }
            }
            out.println("table " + table + ": " + items.size() + " items"
                    + (bySeverity.isEmpty() ? "" : ", by severity " + bySeverity)
                    + ", " + pipeline.aws().streamRecordCount(table) + " stream records");
            if (table.equals("Employees")) {
                printEmployees(items);
            }
        }
        String bucket = pipeline.quarantineBucket().orElse(pipeline.options().bucket());
        List<S3Object> quarantine =
                pipeline
                        .aws()
                        .s3()
                        .listObjectsV2(r -> r.bucket(bucket).prefix(pipeline.quarantinePrefix()))
                        .contents()
                        .stream()
                        .filter(o ->
                                !o.key().startsWith(pipeline.quarantinePrefix() + "_ingest-state/")) // version ledger
                        .toList();
        out.println();
        out.println("quarantine (" + quarantine.size() + " objects):");
        for (S3Object object : quarantine) {
            String text = pipeline.aws()
                    .s3()
                    .getObjectAsBytes(r -> r.bucket(bucket).key(object.key()))
                    .asUtf8String();
            out.println("  s3://" + bucket + "/" + object.key());
            text.lines().limit(5).forEach(line -> out.println("    " + summarize(line)));
        }
        out.println();
    }

    private void printEmployees(List<Map<String, AttributeValue>> items) {
        out.printf("  %-7s %-20s %-11s %-10s %-12s%n", "emp_id", "name", "department", "title", "laptop_os");
        items.stream()
                .sorted((a, b) -> a.get("emp_id").s().compareTo(b.get("emp_id").s()))
                .forEach(item -> out.printf(
                        "  %-7s %-20s %-11s %-10s %-12s%n",
                        text(item, "emp_id"),
                        text(item, "name"),
                        text(item, "department"),
                        text(item, "title"),
                        text(item, "laptop_os")));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? "-" : value.s() != null ? value.s() : value.n() != null ? value.n() : value.toString();
    }

    private static String summarize(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode entry =
                    io.scanpipeline.core.Json.mapper().readTree(line);
            return abbreviate(
                    entry.path("reason").asText() + ": " + entry.path("message").asText(), 200);
        } catch (java.io.IOException e) {
            return abbreviate(line, 200);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
