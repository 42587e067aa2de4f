package io.scanpipeline.ingest;

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
 */
public record IngestRule(
        String prefix,
        TableTarget target,
        RecordPaths recordPaths,
        InputFormat format,
        KeyTemplate partitionKeyTemplate,
        Optional<KeyTemplate> sortKeyTemplate,
        Projection projection) {

    public IngestRule {
        prefix = prefix == null ? "" : prefix;
        if (target == null || recordPaths == null || format == null || partitionKeyTemplate == null || projection == null) {
            throw new IllegalArgumentException("record paths, format, partition key template and projection are required");
        }
        sortKeyTemplate = sortKeyTemplate == null ? Optional.empty() : sortKeyTemplate;
        if (target.sortKey().isPresent() != sortKeyTemplate.isPresent()) {
            throw new IllegalArgumentException(target.sortKey().isPresent()
                    ? "table " + target.table() + " has sort key " + target.sortKey().get().name() + ": a sort key template is required"
                    : "table " + target.table() + " has no sort key: remove the sort key template");
        }
    }

    /** True when this rule applies to the object key. */
    public boolean matches(String key) {
        return key.startsWith(prefix);
    }
}
