package io.scanpipeline.ingest;

import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import io.scanpipeline.ingest.item.KeyAttribute;
import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.ingest.read.ReadLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the ingest Lambda, read once at cold start by {@link #fromEnv(Map)} and validated there: a bad
 * value fails the cold start with a message naming the variable.
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 * <tr><td>TABLE_NAME</td><td>Employees</td><td>target table</td></tr>
 * <tr><td>PARTITION_KEY</td><td>emp_id</td><td>partition key attribute; PARTITION_KEY_TYPE S or N (S)</td></tr>
 * <tr><td>PARTITION_KEY_TEMPLATE</td><td>${&lt;PARTITION_KEY&gt;}</td><td>how the key is built from a record</td></tr>
 * <tr><td>SORT_KEY, SORT_KEY_TYPE, SORT_KEY_TEMPLATE</td><td>none</td><td>for tables with a sort key</td></tr>
 * <tr><td>RECORD_PATH</td><td>/ (root)</td><td>where the records are, e.g. /Results/*&#47;Vulnerabilities</td></tr>
 * <tr><td>INPUT_FORMAT</td><td>AUTO</td><td>AUTO, JSON or NDJSON</td></tr>
 * <tr><td>PROJECTION</td><td>(whole record)</td><td>fields kept, e.g. VulnerabilityID,Severity,CVSS.nvd.V3Score=cvss</td></tr>
 * <tr><td>INGEST_RULES_S3_URI</td><td>none</td><td>s3://bucket/key[?versionId=v] of the JSON rules per S3 prefix
 * (see README), read and validated at cold start</td></tr>
 * <tr><td>INGEST_RULES / INGEST_RULES_FILE</td><td>none</td><td>the same rules inline or from a local file (Lambda
 * allows 4 KB for all variables together: use INGEST_RULES_S3_URI there)</td></tr>
 * <tr><td>QUARANTINE_BUCKET</td><td>the source bucket</td><td>where rejected records go</td></tr>
 * <tr><td>QUARANTINE_PREFIX</td><td>quarantine/</td><td>objects under it are never ingested</td></tr>
 * <tr><td>WRITE_CONCURRENCY</td><td>4</td><td>BatchWriteItem calls in flight (1-64)</td></tr>
 * <tr><td>WRITE_MAX_ATTEMPTS</td><td>10</td><td>attempts per batch for unprocessed items and throttling</td></tr>
 * <tr><td>WRITE_BACKOFF_BASE / WRITE_BACKOFF_MAX</td><td>PT0.05S / PT5S</td><td>exponential backoff with full jitter
 * (durations: ISO-8601 or a whole number with ms, s, m or h, the grammar of {@link EnvReader})</td></tr>
 * <tr><td>INGEST_DEADLINE_MARGIN</td><td>PT20S</td><td>time kept back from the invocation: reading stops this long
 * before the deadline, the rest goes to a continuation</td></tr>
 * <tr><td>CONTINUATION_PREFIX</td><td>_ingest-continuation/</td><td>where continuations go in the source bucket; the
 * notification must deliver it</td></tr>
 * <tr><td>SCOPE_TABLE</td><td>none</td><td>DynamoDB table (partition key {@code scope}, S) of the newest scan per
 * snapshot scope; required when a rule has {@code "snapshot"}</td></tr>
 * <tr><td>QUARANTINE_RAW_MAX_BYTES</td><td>16384</td><td>records up to this size are copied into their quarantine line</td></tr>
 * <tr><td>MAX_RECORD_BYTES, MAX_DECOMPRESSED_BYTES, MAX_DECOMPRESSION_RATIO, MAX_RECORDS_PER_LINE, MAX_CONTEXT_BYTES</td>
 *     <td>see {@link ReadLimits}</td><td>bounds on what one object may make the reader hold or read</td></tr>
 * </table>
 */
public record IngestConfig(
        TableTarget defaultTarget,
        List<IngestRule> rules,
        Optional<String> quarantineBucket,
        String quarantinePrefix,
        int writeConcurrency,
        int writeMaxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        int quarantineRawMaxBytes,
        AwsClients aws,
        ReadLimits readLimits,
        String continuationPrefix,
        Duration deadlineMargin,
        Optional<String> scopeTable) {

    public IngestConfig {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("at least one ingest rule is needed");
        }
        scopeTable = scopeTable == null ? Optional.empty() : scopeTable;
        // longest prefix first, so the most specific rule wins
        rules = rules.stream()
                .sorted(Comparator.comparingInt((IngestRule r) -> r.prefix().length())
                        .reversed())
                .toList();
    }

    /** Reads and validates the configuration; rules may not come from S3 ({@code INGEST_RULES_S3_URI}). */
    public static IngestConfig fromEnv(Map<String, String> env) {
        return fromEnv(env, RuleDocuments.NONE);
    }

    /** Reads and validates the configuration, the rules document named by INGEST_RULES_S3_URI read by {@code documents}. */
    public static IngestConfig fromEnv(Map<String, String> env, RuleDocuments documents) {
        EnvReader read = new EnvReader(env);
        String table = read.string("TABLE_NAME", "Employees");
        KeyAttribute pk = IngestRules.keyAttribute(
                read.string("PARTITION_KEY", "emp_id"), "PARTITION_KEY_TYPE", read.string("PARTITION_KEY_TYPE", "S"));
        String sortKey = read.string("SORT_KEY", null);
        Optional<KeyAttribute> sk = Optional.ofNullable(sortKey)
                .map(name -> IngestRules.keyAttribute(name, "SORT_KEY_TYPE", read.string("SORT_KEY_TYPE", "S")));
        TableTarget target = new TableTarget(table, pk, sk);
        String skTemplate = read.string("SORT_KEY_TEMPLATE", null);
        if (sk.isPresent() && skTemplate == null) {
            throw new ConfigException("SORT_KEY_TEMPLATE", "is required when SORT_KEY is set");
        }

        IngestRule defaultRule = IngestRules.rule(
                "",
                target,
                read.string("RECORD_PATH", null),
                read.string("INPUT_FORMAT", null),
                read.string("PARTITION_KEY_TEMPLATE", "${" + pk.name() + "}"),
                skTemplate,
                read.string("PROJECTION", null),
                "");
        List<IngestRule> rules = new ArrayList<>(readRules(env, target, documents));
        if (rules.stream().noneMatch(r -> r.prefix().isEmpty())) {
            rules.add(defaultRule);
        }
        String quarantinePrefix = read.string("QUARANTINE_PREFIX", "quarantine/");
        if (!quarantinePrefix.endsWith("/")) {
            throw new ConfigException("QUARANTINE_PREFIX", "must end with '/', got '" + quarantinePrefix + "'");
        }
        Duration base = positive("WRITE_BACKOFF_BASE", read.duration("WRITE_BACKOFF_BASE", Duration.ofMillis(50)));
        Duration max = positive("WRITE_BACKOFF_MAX", read.duration("WRITE_BACKOFF_MAX", Duration.ofSeconds(5)));
        if (max.compareTo(base) < 0) {
            throw new ConfigException("WRITE_BACKOFF_MAX", "must not be shorter than WRITE_BACKOFF_BASE");
        }
        return new IngestConfig(
                target,
                rules,
                Optional.ofNullable(read.string("QUARANTINE_BUCKET", null)),
                quarantinePrefix,
                read.integer("WRITE_CONCURRENCY", 4, 1, 64),
                read.integer("WRITE_MAX_ATTEMPTS", 10, 1, 100),
                base,
                max,
                read.integer("QUARANTINE_RAW_MAX_BYTES", 16384, 0, 256 * 1024),
                awsClients(env),
                ReadLimits.fromEnv(env),
                continuationPrefix(read.string("CONTINUATION_PREFIX", "_ingest-continuation/"), quarantinePrefix),
                positive("INGEST_DEADLINE_MARGIN", read.duration("INGEST_DEADLINE_MARGIN", Duration.ofSeconds(20))),
                Optional.ofNullable(read.string("SCOPE_TABLE", null)));
    }

    /** The ingest's AWS settings: S3 (objects, rules, quarantine) and DynamoDB. */
    static AwsClients awsClients(Map<String, String> env) {
        return AwsClients.fromEnv(env, AwsClients.Service.S3, AwsClients.Service.DYNAMODB);
    }

    private static Duration positive(String variable, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(variable, "must be positive, got " + value);
        }
        return value;
    }

    private static String continuationPrefix(String prefix, String quarantinePrefix) {
        if (!prefix.endsWith("/") || prefix.startsWith(quarantinePrefix)) {
            throw new ConfigException(
                    "CONTINUATION_PREFIX",
                    "must end with '/' and lie outside QUARANTINE_PREFIX "
                            + "(continuations must reach the function), got '" + prefix + "'");
        }
        return prefix;
    }

    /** A copy with another deadline margin (tests and the local pipeline). */
    public IngestConfig withDeadlineMargin(Duration margin) {
        return new IngestConfig(
                defaultTarget,
                rules,
                quarantineBucket,
                quarantinePrefix,
                writeConcurrency,
                writeMaxAttempts,
                backoffBase,
                backoffMax,
                quarantineRawMaxBytes,
                aws,
                readLimits,
                continuationPrefix,
                margin,
                scopeTable);
    }

    /** The rule for an object key: the longest matching prefix. */
    public IngestRule ruleFor(String key) {
        return rules.stream()
                .filter(r -> r.matches(key))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no rule matches '" + key + "' and no default rule"));
    }

    /** A copy with other rules (tests and the local pipeline configure rules in code). */
    public IngestConfig withRules(List<IngestRule> newRules) {
        return new IngestConfig(
                defaultTarget,
                newRules,
                quarantineBucket,
                quarantinePrefix,
                writeConcurrency,
                writeMaxAttempts,
                backoffBase,
                backoffMax,
                quarantineRawMaxBytes,
                aws,
                readLimits,
                continuationPrefix,
                deadlineMargin,
                scopeTable);
    }

    /**
     * Where the ingest keeps its own small state objects (the {@link VersionLedger}): {@code _ingest-state/} under
     * the quarantine prefix, so it is never read as input and needs no other permission.
     */
    public String statePrefix() {
        return quarantinePrefix + "_ingest-state/";
    }

    /**
     * Checks what ingesting (not only reading the rules) needs: a rule with {@code "snapshot"} needs
     * {@code SCOPE_TABLE}. Called when the ingest service is built, so the cold start fails naming the variable.
     *
     * @throws ConfigException naming SCOPE_TABLE and the rule
     */
    public IngestConfig requireScopeTableForSnapshots() {
        if (scopeTable.isEmpty()) {
            rules.stream().filter(r -> r.snapshot().isPresent()).findFirst().ifPresent(r -> {
                throw new ConfigException(
                        "SCOPE_TABLE",
                        "is required: the rule for prefix '" + r.prefix()
                                + "' has \"snapshot\", whose scans keep their newest scan per scope in that table");
            });
        }
        return this;
    }

    /** A copy keeping the snapshot scopes' heads in {@code table} (tests and the local pipeline). */
    public IngestConfig withScopeTable(String table) {
        return new IngestConfig(
                defaultTarget,
                rules,
                quarantineBucket,
                quarantinePrefix,
                writeConcurrency,
                writeMaxAttempts,
                backoffBase,
                backoffMax,
                quarantineRawMaxBytes,
                aws,
                readLimits,
                continuationPrefix,
                deadlineMargin,
                Optional.ofNullable(table));
    }

    /** The table of the default rule. */
    public String tableName() {
        return defaultTarget.table();
    }

    /** A copy with another write concurrency. */
    public IngestConfig withWriteConcurrency(int concurrency) {
        return new IngestConfig(
                defaultTarget,
                rules,
                quarantineBucket,
                quarantinePrefix,
                concurrency,
                writeMaxAttempts,
                backoffBase,
                backoffMax,
                quarantineRawMaxBytes,
                aws,
                readLimits,
                continuationPrefix,
                deadlineMargin,
                scopeTable);
    }

    /**
     * The rules document from the one variable that names it: INGEST_RULES (JSON text), INGEST_RULES_FILE (a path) or
     * INGEST_RULES_S3_URI (read by {@code documents}); parsed by {@link IngestRules#parse}. None set: no rules.
     */
    private static List<IngestRule> readRules(
            Map<String, String> env, TableTarget defaultTarget, RuleDocuments documents) {
        EnvReader read = new EnvReader(env);
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        sources.put("INGEST_RULES_S3_URI", read.string("INGEST_RULES_S3_URI", null));
        sources.put("INGEST_RULES", read.string("INGEST_RULES", null));
        sources.put("INGEST_RULES_FILE", read.string("INGEST_RULES_FILE", null));
        List<String> given = sources.keySet().stream()
                .filter(name -> sources.get(name) != null)
                .toList();
        if (given.size() > 1) {
            throw new ConfigException(
                    given.get(0),
                    "is set together with " + String.join(" and ", given.subList(1, given.size()))
                            + "; set only one source of ingest rules");
        }
        String variable = given.isEmpty() ? "INGEST_RULES" : given.get(0);
        String text = null;
        if (variable.equals("INGEST_RULES_S3_URI")) {
            RuleDocuments.Location location;
            try {
                location = RuleDocuments.Location.parse(sources.get(variable));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable, e.getMessage());
            }
            try {
                text = documents.read(location);
            } catch (IOException e) {
                throw new ConfigException(variable, "cannot be read (" + location + "): " + e.getMessage());
            }
        } else if (variable.equals("INGEST_RULES")) {
            text = sources.get("INGEST_RULES");
        } else {
            try {
                text = Files.readString(Path.of(sources.get("INGEST_RULES_FILE")));
            } catch (IOException e) {
                throw new ConfigException("INGEST_RULES_FILE", "cannot be read: " + e);
            }
        }
        if (text == null) {
            return List.of();
        }
        return IngestRules.parse(text, variable, defaultTarget);
    }
}
