package io.scanpipeline.ingest.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.KeyTemplate;
import io.scanpipeline.ingest.item.RecordRejectedException;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.util.Optional;

/**
 * What one scan file is a complete snapshot of, for a rule with {@code "snapshot"}: the S3 object ({@code "object"}:
 * each new version of a key replaces the items the previous versions wrote) or a key template over the records
 * (e.g. {@code "${ArtifactName}"}: a later file for the same artifact replaces the earlier one, whatever its key).
 *
 * <p>A scope id names the rule's prefix, so two rules writing the same table never retire each other's items.
 *
 * @param template the scope's template; empty for the object scope
 */
public record SnapshotScope(Optional<KeyTemplate> template) {

    /** The item attribute holding the scope id (the partition key of the {@link #INDEX} index). */
    public static final String SCOPE_ATTRIBUTE = "_scope";
    /** The item attribute holding the {@link ScanOrder} of the scan that wrote the item (the index's sort key). */
    public static final String SCAN_ATTRIBUTE = "_scan";
    /** The sparse global secondary index on ({@code _scope}, {@code _scan}) retirement pages through. */
    public static final String INDEX = "snapshot-scope";

    public SnapshotScope {
        template = template == null ? Optional.empty() : template;
    }

    /**
     * Parses a rule's {@code "snapshot"} value: {@code object} or a key template.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static SnapshotScope parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("snapshot must be \"object\" or a key template such as "
                    + "\"${ArtifactName}\", got '" + spec + "'");
        }
        if (spec.trim().equals("object")) {
            return new SnapshotScope(Optional.empty());
        }
        try {
            return new SnapshotScope(Optional.of(KeyTemplate.parse(spec)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot must be \"object\" or a key template: " + e.getMessage());
        }
    }

    /**
     * The scope id of one record. A record that lacks the template's field (a file that does not name its artifact,
     * such as Trivy's legacy top-level array) is scoped by its object: the file is still a complete snapshot of
     * something, and the object is the only thing it names.
     *
     * @throws RecordRejectedException when the template's field is there but cannot name a scope (an object or
     *                                 array, invalid Unicode): the record is quarantined
     */
    public String scopeOf(IngestRule rule, SourceObject object, JsonNode record, JsonNode context) {
        if (template.isPresent()) {
            try {
                return "rule:" + rule.prefix() + "|" + template.get().expand(record, context, SCOPE_ATTRIBUTE);
            } catch (RecordRejectedException e) {
                if (e.reason() != RejectReason.MISSING_KEY_FIELD) {
                    throw e;
                }
            }
        }
        return "object:s3://" + object.bucket() + "/" + object.key();
    }

    @Override
    public String toString() {
        return template.map(KeyTemplate::toString).orElse("object");
    }
}
