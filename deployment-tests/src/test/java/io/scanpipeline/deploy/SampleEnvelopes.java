package io.scanpipeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.read.MalformedInput;
import io.scanpipeline.ingest.read.RecordReader;
import io.scanpipeline.ingest.read.RecordVisitor;
import io.scanpipeline.ingest.read.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Change envelopes as Splunk receives them, made by the real code: a Trivy report from the ingest fixtures is read
 * with the sample ingest rule (the README's, in sample-ingest-rules.json) into DynamoDB items by the ingest's
 * RecordReader and ItemBuilder, and each item becomes an INSERT, a MODIFY (severity raised) and a REMOVE envelope
 * written by {@link ChangeEnvelopeCodec}. {@link #fieldPaths()} is the set of JSON paths Splunk's KV_MODE = json
 * extracts from those events.
 */
final class SampleEnvelopes {

    static final String FIXTURE = "ingest-lambda/src/test/resources/fixtures/vuln-scans/trivy-alpine-39.json";
    static final String SCAN_KEY = "trivy/alpine-39.json";

    private SampleEnvelopes() {}

    /** The envelopes as JSON, three per finding of the fixture. */
    static List<JsonNode> envelopes() {
        try {
            String rules = new String(
                    SampleEnvelopes.class
                            .getResourceAsStream("/sample-ingest-rules.json")
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            IngestConfig config = IngestConfig.fromEnv(Map.of("INGEST_RULES", rules));
            IngestRule rule = config.ruleFor(SCAN_KEY);
            Path fixture = Repo.file(FIXTURE);
            SourceObject source = new SourceObject(
                    "scans",
                    SCAN_KEY,
                    Optional.of("3HL4kqtJlcpXroDTDmJ"),
                    Optional.of("0062E99A88DC407460"),
                    Files.size(fixture));
            ItemBuilder builder = new ItemBuilder();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            try (InputStream in = Files.newInputStream(fixture)) {
                new RecordReader(rule.recordPaths(), rule.format()).read(in, new RecordVisitor() {
                    @Override
                    public void record(SourceRecord record) {
                        items.add(builder.build(rule, record.value(), record.context(), source, record.index())
                                .item());
                    }

                    @Override
                    public void malformed(MalformedInput problem) {
                        throw new AssertionError("the fixture is valid JSON: " + problem);
                    }
                });
            }
            if (items.isEmpty()) {
                throw new AssertionError("the sample rule found no records in " + FIXTURE);
            }
            String keyName = rule.target().partitionKey().name();
            List<JsonNode> envelopes = new ArrayList<>();
            long sequence = 4421584500000000017L;
            for (Map<String, AttributeValue> item : items) {
                Map<String, AttributeValue> keys = Map.of(keyName, item.get(keyName));
                Map<String, AttributeValue> raised = new LinkedHashMap<>(item);
                raised.put("Severity", AttributeValue.fromS("CRITICAL"));
                Instant time = Instant.parse("2026-11-25T12:00:00.123Z");
                envelopes.add(ChangeEnvelopeCodec.toJson(ChangeEnvelope.of(
                        ChangeEnvelope.EventName.INSERT,
                        rule.target().table(),
                        keys,
                        item,
                        null,
                        String.valueOf(sequence++),
                        time)));
                envelopes.add(ChangeEnvelopeCodec.toJson(ChangeEnvelope.of(
                        ChangeEnvelope.EventName.MODIFY,
                        rule.target().table(),
                        keys,
                        raised,
                        item,
                        String.valueOf(sequence++),
                        time)));
                envelopes.add(ChangeEnvelopeCodec.toJson(ChangeEnvelope.of(
                        ChangeEnvelope.EventName.REMOVE,
                        rule.target().table(),
                        keys,
                        null,
                        raised,
                        String.valueOf(sequence++),
                        time)));
            }
            return envelopes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path Splunk would extract: eventName, newImage.Severity, source.key, keys.pk, ... */
    static Set<String> fieldPaths() {
        Set<String> paths = new TreeSet<>();
        for (JsonNode envelope : envelopes()) {
            collect("", envelope, paths);
        }
        return paths;
    }

    private static void collect(String prefix, JsonNode node, Set<String> paths) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                collect(path, field.getValue(), paths);
            });
        } else if (node.isArray()) {
            // Splunk names array elements path{}
            node.forEach(element -> collect(prefix + "{}", element, paths));
            paths.add(prefix + "{}");
        }
    }
}
