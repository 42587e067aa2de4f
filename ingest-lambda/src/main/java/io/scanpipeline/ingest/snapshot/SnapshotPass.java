package io.scanpipeline.ingest.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.item.RecordRejectedException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One pass of one scan (an object version, or a piece of it) under a rule with {@code "snapshot"}: decides per scope
 * whether the scan may write (no newer scan has started there), tags each item with its scope and scan, and once the
 * whole scan is written, retires in each of its scopes the items older than the newest complete scan.
 *
 * <p>Scopes are held by id for the pass (a file names few: one for the object scope, one per artifact for a
 * template); item keys never are.
 */
public final class SnapshotPass {

    private final IngestRule rule;
    private final SourceObject object;
    private final String scan;
    private final ScopeHeads heads;
    private final Map<String, Boolean> admitted = new LinkedHashMap<>();
    private long superseded;

    /** A pass of scan {@code scan} of {@code object} under {@code rule}, with the scope heads it claims in. */
    public SnapshotPass(IngestRule rule, SourceObject object, String scan, ScopeHeads heads) {
        this.rule = rule;
        this.object = object;
        this.scan = scan;
        this.heads = heads;
    }

    /** The scan id that tags every item the pass writes. */
    public String scan() {
        return scan;
    }

    /** The object (version) the scan came from. */
    public SourceObject object() {
        return object;
    }

    /**
     * Starts the pass. For the object scope the scope is known before any record: it is claimed now, so a scan that
     * reports no record at all still retires the previous scan's items.
     */
    public void open() {
        if (rule.snapshot().orElseThrow().template().isEmpty()) {
            admitted.computeIfAbsent(
                    rule.snapshot().get().scopeOf(rule, object, null, null),
                    s -> heads.begin(rule.target().table(), s, scan));
        }
    }

    /**
     * The item tagged with its scope and this scan, or null when a newer scan of its scope has started (the record
     * is stale and counted, not written).
     *
     * @throws RecordRejectedException when the scope template needs a field the record lacks
     */
    public ItemBuilder.BuiltItem tag(ItemBuilder.BuiltItem built, JsonNode record, JsonNode context) {
        String scope = rule.snapshot().orElseThrow().scopeOf(rule, object, record, context);
        boolean admit =
                admitted.computeIfAbsent(scope, s -> heads.begin(rule.target().table(), s, scan));
        if (!admit) {
            superseded++;
            return null;
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>(built.item());
        item.put(SnapshotScope.SCOPE_ATTRIBUTE, AttributeValue.fromS(scope));
        item.put(SnapshotScope.SCAN_ATTRIBUTE, AttributeValue.fromS(scan));
        return new ItemBuilder.BuiltItem(built.key(), item, built.recordIndex());
    }

    /**
     * Claims the scope of a record this pass does not write (an earlier piece of the scan wrote it), so that the
     * last piece retires in every scope of the scan.
     */
    public void claim(JsonNode record, JsonNode context) {
        String scope = rule.snapshot().orElseThrow().scopeOf(rule, object, record, context);
        admitted.computeIfAbsent(scope, s -> heads.begin(rule.target().table(), s, scan));
    }

    /**
     * The scan is written: retire in each scope it may write to. Call only when every record of the scan (every
     * piece) is written and none was quarantined; else call {@link #withoutRetirement}.
     */
    public SnapshotOutcome retire(
            ScopeRetirement retirement, long itemsStale, BooleanSupplier outOfTime, StructuredLog log)
            throws InterruptedException {
        ScopeRetirement.Result total = ScopeRetirement.Result.NONE;
        Set<String> scopes = new LinkedHashSet<>();
        admitted.forEach((scope, admit) -> {
            if (admit) {
                scopes.add(scope);
            }
        });
        for (String scope : scopes) {
            String cutoff = heads.complete(rule.target().table(), scope, scan);
            ScopeRetirement.Result result = retirement.retire(scope, cutoff, outOfTime);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("object", object.uri());
            fields.put("table", rule.target().table());
            fields.put("scope", scope);
            fields.put("scan", scan);
            fields.put("cutoff", cutoff);
            fields.put("retired", result.retired());
            fields.put("conditionFailed", result.conditionFailed());
            fields.put("pages", result.pages());
            fields.put("complete", result.complete());
            log.info("scope_retired", fields);
            total = total.plus(result);
            if (!result.complete()) {
                break;
            }
        }
        return new SnapshotOutcome(
                scan,
                admitted.size(),
                superseded,
                itemsStale,
                total.retired(),
                total.conditionFailed(),
                total.complete() ? "DONE" : "PENDING");
    }

    /** The scan wrote what it could but retires nothing, for {@code reason}. */
    public SnapshotOutcome withoutRetirement(long itemsStale, String reason) {
        return new SnapshotOutcome(scan, admitted.size(), superseded, itemsStale, 0, 0, reason);
    }
}
