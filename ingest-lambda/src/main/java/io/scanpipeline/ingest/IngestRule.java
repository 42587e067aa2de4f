package io.scanpipeline.ingest;

import io.scanpipeline.ingest.item.KeyTemplate;
import io.scanpipeline.ingest.item.Projection;
import io.scanpipeline.ingest.item.TableTarget;
import io.scanpipeline.ingest.read.InputFormat;
import io.scanpipeline.ingest.read.RecordPaths;
import io.scanpipeline.ingest.snapshot.SnapshotScope;
import java.util.Optional;

/**
 * How the objects under one S3 key prefix are read and keyed.
 *
 * @param prefix               S3 key prefix the rule applies to ("" = every object); the longest matching prefix wins
 * @param target               the table and its key attributes
 * @param recordPaths          where the records sit in each file (see {@link RecordPaths})
 * @param format               AUTO, JSON or NDJSON
 * @param partitionKeyTemplate template of the partition key, e.g. {@code ${Target}#${VulnerabilityID}#${PkgName}}
 * @param sortKeyTemplate      template of the sort key, when the table has one
 * @param projection           the fields kept on each item
 * @param scanner              the tool that wrote the files (e.g. {@code trivy}), recorded in each item's
 *                             {@code _source.scanner} so that Splunk can name the product and read its severity words;
 *                             empty when the rule does not say
 * @param snapshot             what one file is a complete snapshot of (see {@link SnapshotScope}); when set, a newer
 *                             complete scan of a scope retires the scope's items it no longer reports; empty (the
 *                             default) never deletes anything
 */
public record IngestRule(
        String prefix,
        TableTarget target,
        RecordPaths recordPaths,
        InputFormat format,
        KeyTemplate partitionKeyTemplate,
        Optional<KeyTemplate> sortKeyTemplate,
        Projection projection,
        Optional<String> scanner,
        Optional<SnapshotScope> snapshot) {

    private static final java.util.regex.Pattern SCANNER = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public IngestRule {
        prefix = prefix == null ? "" : prefix;
        if (target == null
                || recordPaths == null
                || format == null
                || partitionKeyTemplate == null
                || projection == null) {
            throw new IllegalArgumentException(
                    "record paths, format, partition key template and projection are required");
        }
        sortKeyTemplate = sortKeyTemplate == null ? Optional.empty() : sortKeyTemplate;
        scanner = scanner == null ? Optional.empty() : scanner;
        snapshot = snapshot == null ? Optional.empty() : snapshot;
        if (scanner.isPresent() && !SCANNER.matcher(scanner.get()).matches()) {
            throw new IllegalArgumentException("scanner must be 1-64 lower-case letters, digits, '_', '.' or '-' "
                    + "(e.g. trivy), got '" + scanner.get() + "'");
        }
        if (target.sortKey().isPresent() != sortKeyTemplate.isPresent()) {
            throw new IllegalArgumentException(
                    target.sortKey().isPresent()
                            ? "table " + target.table() + " has sort key "
                                    + target.sortKey().get().name() + ": a sort key template is required"
                            : "table " + target.table() + " has no sort key: remove the sort key template");
        }
    }

    /** A rule without a scanner name. */
    public IngestRule(
            String prefix,
            TableTarget target,
            RecordPaths recordPaths,
            InputFormat format,
            KeyTemplate partitionKeyTemplate,
            Optional<KeyTemplate> sortKeyTemplate,
            Projection projection) {
        this(
                prefix,
                target,
                recordPaths,
                format,
                partitionKeyTemplate,
                sortKeyTemplate,
                projection,
                Optional.empty(),
                Optional.empty());
    }

    /** This rule, naming the scanner whose files it reads. */
    public IngestRule withScanner(String scannerName) {
        return new IngestRule(
                prefix,
                target,
                recordPaths,
                format,
                partitionKeyTemplate,
                sortKeyTemplate,
                projection,
                Optional.ofNullable(scannerName),
                snapshot);
    }

    /** This rule, treating each file as a complete snapshot of {@code scope} (null: never retire). */
    public IngestRule withSnapshot(SnapshotScope scope) {
        return new IngestRule(
                prefix,
                target,
                recordPaths,
                format,
                partitionKeyTemplate,
                sortKeyTemplate,
                projection,
                scanner,
                Optional.ofNullable(scope));
    }

    /** True when this rule applies to the object key. */
    public boolean matches(String key) {
        return key.startsWith(prefix);
    }
}
