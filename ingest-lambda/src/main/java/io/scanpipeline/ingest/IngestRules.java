package io.scanpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.item.KeyAttribute;
import io.scanpipeline.ingest.item.KeyTemplate;
import io.scanpipeline.ingest.item.Projection;
import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.ingest.read.InputFormat;
import io.scanpipeline.ingest.read.RecordPaths;
import io.scanpipeline.ingest.snapshot.SnapshotScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The ingest rules document and the parts of one rule: text in, validated {@link IngestRule}s out. It knows nothing
 * of where the text came from; {@link IngestConfig} reads the environment (INGEST_RULES, INGEST_RULES_FILE or
 * INGEST_RULES_S3_URI) and hands the text over with the variable's name, which every error message starts with.
 *
 * <p>The document: {@code {"rules":[{"prefix":"trivy/", "recordPath":"/Results/*&#47;Vulnerabilities",
 * "format":"AUTO","partitionKey":"${Target}#${VulnerabilityID}", "sortKey":null,"projection":"VulnerabilityID,Severity",
 * "scanner":"trivy"}]}} (or the bare array); projection may also be an array of entries; {@code scanner} (optional) is
 * recorded in each item's {@code _source.scanner}; {@code snapshot} (optional) names the snapshot scope; a rule's own
 * table: {@code "table"}, {@code "partitionKeyName"}/{@code "partitionKeyType"}, {@code "sortKeyName"}/{@code
 * "sortKeyType"}.
 */
public final class IngestRules {

    private IngestRules() {}

    /**
     * Parses a rules document; {@code variable} names where it came from in error messages ({@code INGEST_RULES
     * rules[2]: ...}), and rules without their own table write to {@code defaultTarget}.
     *
     * @throws ConfigException naming the variable (and the rule) when the document or a rule is invalid
     */
    public static List<IngestRule> parse(String text, String variable, TableTarget defaultTarget) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new ConfigException(variable, "is not valid JSON: " + e.getMessage());
        }
        JsonNode rules = root.isArray() ? root : root.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw new ConfigException(variable, "must hold a non-empty \"rules\" array");
        }
        List<IngestRule> result = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = rules.get(i);
            String where = variable + " rules[" + i + "]";
            if (!r.hasNonNull("partitionKey")) {
                throw new ConfigException(where, "needs \"partitionKey\" (a key template)");
            }
            JsonNode projection = r.path("projection");
            String projectionSpec = projection.isArray()
                    ? String.join(",", toStrings(projection))
                    : projection.isTextual() ? projection.asText() : null;
            IngestRule rule = rule(
                    r.path("prefix").asText(""),
                    target(r, defaultTarget, where),
                    text(r, "recordPath"),
                    text(r, "format"),
                    r.get("partitionKey").asText(),
                    text(r, "sortKey"),
                    projectionSpec,
                    where);
            try {
                rule = rule.withScanner(text(r, "scanner"));
                if (r.hasNonNull("snapshot")) {
                    rule = rule.withSnapshot(
                            SnapshotScope.parse(r.get("snapshot").asText()));
                }
                result.add(rule);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where, e.getMessage());
            }
        }
        return result;
    }

    /**
     * Builds one rule; {@code variable} names where it came from in error messages.
     */
    public static IngestRule rule(
            String prefix,
            TableTarget target,
            String recordPath,
            String format,
            String pkTemplate,
            String skTemplate,
            String projection,
            String variable) {
        String where = variable.isEmpty() ? "" : variable + " ";
        RecordPaths paths;
        try {
            paths = RecordPaths.parse(recordPath == null ? "" : recordPath);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where.isEmpty() ? "RECORD_PATH" : where.trim(), "record path: " + e.getMessage());
        }
        InputFormat parsedFormat;
        try {
            parsedFormat = format == null || format.isBlank()
                    ? InputFormat.AUTO
                    : InputFormat.valueOf(format.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    where.isEmpty() ? "INPUT_FORMAT" : where.trim(),
                    "format must be AUTO, JSON or NDJSON, got '" + format + "'");
        }
        KeyTemplate pk;
        try {
            pk = KeyTemplate.parse(pkTemplate);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    where.isEmpty() ? "PARTITION_KEY_TEMPLATE" : where.trim(),
                    "partition key template: " + e.getMessage());
        }
        Optional<KeyTemplate> sk;
        try {
            sk = Optional.ofNullable(skTemplate).map(KeyTemplate::parse);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    where.isEmpty() ? "SORT_KEY_TEMPLATE" : where.trim(), "sort key template: " + e.getMessage());
        }
        Projection parsedProjection;
        try {
            parsedProjection = Projection.parse(projection);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where.isEmpty() ? "PROJECTION" : where.trim(), "projection: " + e.getMessage());
        }
        try {
            return new IngestRule(prefix, target, paths, parsedFormat, pk, sk, parsedProjection);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where.isEmpty() ? "SORT_KEY_TEMPLATE" : where.trim(), e.getMessage());
        }
    }

    /**
     * A key attribute of a table; {@code typeVariable} names the setting of its type in the error message.
     *
     * @throws ConfigException when the type is not S or N
     */
    static KeyAttribute keyAttribute(String name, String typeVariable, String typeText) {
        String type = typeText.toUpperCase();
        if (!type.equals("S") && !type.equals("N")) {
            throw new ConfigException(typeVariable, "must be S or N, got '" + typeText + "'");
        }
        return new KeyAttribute(name, ScalarAttributeType.fromValue(type));
    }

    /** A rule's own table: "table", "partitionKeyName"/"partitionKeyType", "sortKeyName"/"sortKeyType". */
    private static TableTarget target(JsonNode rule, TableTarget defaults, String where) {
        if (!rule.has("table")) {
            return defaults;
        }
        String pkName = Optional.ofNullable(text(rule, "partitionKeyName"))
                .orElse(defaults.partitionKey().name());
        KeyAttribute pk = keyAttribute(
                pkName,
                where + " partitionKeyType",
                Optional.ofNullable(text(rule, "partitionKeyType")).orElse("S"));
        Optional<KeyAttribute> sk = Optional.ofNullable(text(rule, "sortKeyName"))
                .map(name -> keyAttribute(
                        name,
                        where + " sortKeyType",
                        Optional.ofNullable(text(rule, "sortKeyType")).orElse("S")));
        return new TableTarget(rule.get("table").asText(), pk, sk);
    }

    private static List<String> toStrings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
