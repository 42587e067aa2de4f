package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every field a dashboard search reads exists: a path of the change envelopes the real code makes from every
 * scanner fixture (INSERT and REMOVE envelopes by ChangeEnvelopeCodec from the ingest's items), a CIM field the
 * props calculate, one of the sink's HEC indexed fields, a field of its health event, or one of Splunk's own.
 */
class FieldsReadTest {

    /** The sink's HEC indexed fields. */
    static final Set<String> INDEXED =
            Set.of("scanpipeline_event_id", "scanpipeline_event_name", "scanpipeline_table", "scanpipeline_item");
    /** The sink's health event: {"type":"sink_health","worker":..,"intervalSeconds":60,"delivered":N,...}. */
    static final Set<String> HEALTH = Set.of(
            "type",
            "worker",
            "intervalSeconds",
            "delivered",
            "deadLettered",
            "hecFailures",
            "retries",
            "inFlight",
            "maxLagMillis");

    private static final Set<String> known = new TreeSet<>();

    @BeforeAll
    static void knownFields() {
        long sequence = 4421584500000000017L;
        for (Map.Entry<String, List<Map<String, AttributeValue>>> scanner :
                FixtureItems.byScanner().entrySet()) {
            for (Map<String, AttributeValue> item : scanner.getValue()) {
                Map<String, AttributeValue> keys = Map.of("pk", item.get("pk"));
                Instant time = Instant.parse("2026-11-25T12:00:00.123Z");
                collect(
                        "",
                        ChangeEnvelopeCodec.toJson(ChangeEnvelope.of(
                                ChangeEnvelope.EventName.INSERT,
                                "Findings",
                                keys,
                                item,
                                null,
                                String.valueOf(sequence++),
                                time)));
                collect(
                        "",
                        ChangeEnvelopeCodec.toJson(ChangeEnvelope.of(
                                ChangeEnvelope.EventName.REMOVE,
                                "Findings",
                                keys,
                                null,
                                item,
                                String.valueOf(sequence++),
                                time)));
            }
        }
        known.add("source.scanner"); // the ingest writes the rule's scanner into _source
        known.addAll(INDEXED);
        known.addAll(HEALTH);
        AppFiles.conf("props.conf").stanza("scan:finding").forEach((key, value) -> {
            if (key.startsWith("EVAL-")) {
                known.add(key.substring(5));
            } else if (key.startsWith("LOOKUP-")) {
                known.addAll(List.of(
                        value.replaceFirst("(?is).*\\bOUTPUT(NEW)?\\s+", "").split("\\s+")));
            }
        });
    }

    @Test
    void everySearch_readsOnlyFieldsThatExist() {
        List<String> unknown = new ArrayList<>();
        Set<String> read = new TreeSet<>();
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            Set<String> fields = SplFields.fieldsRead(search.spl());
            read.addAll(fields);
            fields.stream().filter(f -> !known.contains(f)).forEach(f -> unknown.add(search.where() + ": " + f));
        }
        assertThat(unknown).isEmpty();
        // guards the reader against reading nothing
        assertThat(read)
                .contains(
                        "eventName",
                        "eventId",
                        "severity",
                        "dest",
                        "vendor_product",
                        "scanpipeline_item",
                        "approximateCreationEpochMillis",
                        "deadLettered",
                        "hecFailures",
                        "source.scanner");
    }

    @Test
    void knownFields_includeTheEnvelopePathsOfRealFindings() {
        assertThat(known)
                .contains(
                        "eventId",
                        "eventName",
                        "table",
                        "keys.pk",
                        "newImage.Severity",
                        "oldImage.Severity",
                        "newImage.ArtifactName",
                        "source.key",
                        "approximateCreationEpochMillis");
    }

    private static void collect(String prefix, JsonNode node) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                known.add(path);
                collect(path, field.getValue());
            });
        } else if (node.isArray()) {
            known.add(prefix + "{}");
            node.forEach(element -> collect(prefix + "{}", element));
        }
    }
}
