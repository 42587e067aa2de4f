package io.scanpipeline.ingest.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A small in-memory stand-in for OUR ports {@link ScopeIndex} and {@link ScopeHeads}: items are (key -> scope,
 * scan), the index lists a scope's items by scan then key, deletes and head moves are conditional as DynamoDB's
 * are. {@link #lagging} makes the index list what it held before (an eventually consistent GSI).
 */
final class FakeScopeTable implements ScopeIndex, ScopeHeads {

    record Row(String scope, String scan) {}

    final Map<String, Row> items = new TreeMap<>();
    final Map<String, String> started = new HashMap<>();
    final Map<String, String> completed = new HashMap<>();
    /** When set, olderThan lists from this snapshot of the items instead of the live ones. */
    Map<String, Row> lagging;

    int pagesRead;

    void put(String key, String scope, String scan) {
        items.put(key, new Row(scope, scan));
    }

    long count(String scope) {
        return items.values().stream().filter(r -> r.scope().equals(scope)).count();
    }

    @Override
    public Page olderThan(String scope, String cutoff, Map<String, AttributeValue> start, int limit) {
        pagesRead++;
        Map<String, Row> source = lagging != null ? lagging : items;
        TreeMap<String, String> ordered = new TreeMap<>(); // "scan\u0000key" -> key: the GSI's order
        source.forEach((key, row) -> {
            if (row.scope().equals(scope) && row.scan().compareTo(cutoff) < 0) {
                ordered.put(row.scan() + "\u0000" + key, key);
            }
        });
        String after = start == null ? null : start.get("position").s();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, String> e : (after == null ? ordered : ordered.tailMap(after, false)).entrySet()) {
            if (keys.size() == limit) {
                break;
            }
            keys.add(Map.of("pk", AttributeValue.fromS(e.getValue())));
            last = e.getKey();
        }
        boolean more = last != null && ordered.higherKey(last) != null;
        return new Page(keys, more ? Optional.of(Map.of("position", AttributeValue.fromS(last))) : Optional.empty());
    }

    @Override
    public synchronized boolean deleteIfOlder(Map<String, AttributeValue> key, String cutoff) {
        Row row = items.get(key.get("pk").s());
        if (row == null || row.scan().compareTo(cutoff) >= 0) {
            return false;
        }
        items.remove(key.get("pk").s());
        return true;
    }

    @Override
    public boolean begin(String table, String scope, String scan) {
        String head = started.get(table + "|" + scope);
        if (head != null && head.compareTo(scan) > 0) {
            return false;
        }
        started.put(table + "|" + scope, scan);
        return true;
    }

    @Override
    public String complete(String table, String scope, String scan) {
        String head = completed.get(table + "|" + scope);
        if (head != null && head.compareTo(scan) > 0) {
            return head;
        }
        completed.put(table + "|" + scope, scan);
        return scan;
    }
}
