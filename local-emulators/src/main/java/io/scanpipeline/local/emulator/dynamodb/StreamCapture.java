package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns item writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem) on tables with an enabled stream into stream
 * records: with the table locked, read the old image consistently, forward the caller's request unchanged (so
 * ReturnValues and condition failures are exactly dynalite's), read the new image, and record the difference.
 * A failed write, a failed condition or a write that leaves the item as it was yields no record.
 */
final class StreamCapture {

    private final DynaliteClient dynalite;
    private final StreamStore store;
    private final TableLocks locks;

    StreamCapture(DynaliteClient dynalite, StreamStore store, TableLocks locks) {
        this.dynalite = dynalite;
        this.store = store;
        this.locks = locks;
    }

    /** PutItem, UpdateItem or DeleteItem. */
    DynaliteClient.Reply singleWrite(String operation, ProxyRequest request, ObjectNode json) {
        String table = json.path("TableName").asText();
        if (store.enabledStream(table) == null) {
            return forward(request); // no stream: no image reads, nothing added to the write path
        }
        List<StreamState> appended = new ArrayList<>();
        DynaliteClient.Reply reply =
                locks.withLocks(List.of(table), () -> singleWriteLocked(operation, request, json, table, appended));
        appended.forEach(store::notifyListeners); // outside the lock: a listener may well read or write the table
        return reply;
    }

    private DynaliteClient.Reply singleWriteLocked(
            String operation, ProxyRequest request, ObjectNode json, String table, List<StreamState> appended) {
        StreamState stream = store.enabledStream(table); // again, under the lock
        ObjectNode key = stream == null
                ? null
                : ChangeRecords.keyOf(
                        "PutItem".equals(operation) ? json.get("Item") : json.get("Key"), stream.keySchema());
        if (key == null) {
            return forward(request); // dynalite rejects a write without its full key
        }
        ObjectNode oldImage;
        try {
            oldImage = dynalite.getItem(table, key);
        } catch (DynaliteClient.DynaliteError e) {
            return forward(request); // invalid key: the write fails the same way and changes nothing
        }
        DynaliteClient.Reply reply = forward(request);
        if (reply.ok()) {
            ObjectNode newImage = dynalite.getItem(table, key);
            ChangeRecords.Change change = ChangeRecords.diff(stream.keySchema(), key, oldImage, newImage);
            if (change != null) {
                store.append(stream, List.of(change));
                appended.add(stream);
            }
        }
        return reply;
    }

    /** BatchWriteItem, which may write to several tables, some with streams and some without. */
    DynaliteClient.Reply batchWrite(ProxyRequest request, ObjectNode json) {
        JsonNode requestItems = json.path("RequestItems");
        List<String> streamTables = new ArrayList<>();
        requestItems.properties().forEach(entry -> {
            String table = entry.getKey();
            if (store.enabledStream(table) != null) {
                streamTables.add(table);
            }
        });
        if (streamTables.isEmpty()) {
            return forward(request);
        }
        List<StreamState> appended = new ArrayList<>();
        DynaliteClient.Reply reply =
                locks.withLocks(streamTables, () -> batchWriteLocked(request, requestItems, streamTables, appended));
        appended.forEach(store::notifyListeners);
        return reply;
    }

    private DynaliteClient.Reply batchWriteLocked(
            ProxyRequest request, JsonNode requestItems, List<String> streamTables, List<StreamState> appended) {
        Map<String, StreamState> streams = new LinkedHashMap<>();
        Map<String, List<ObjectNode>> keys = new LinkedHashMap<>();
        for (String table : streamTables) {
            StreamState stream = store.enabledStream(table);
            if (stream == null) {
                continue;
            }
            List<ObjectNode> tableKeys = keysOf(requestItems.path(table), stream.keySchema());
            if (tableKeys == null) {
                return forward(request); // a malformed request: dynalite answers with the validation error
            }
            streams.put(table, stream);
            keys.put(table, tableKeys);
        }
        Map<String, Map<String, ObjectNode>> before;
        try {
            before = batchRead(keys, streams);
        } catch (DynaliteClient.DynaliteError e) {
            return forward(request); // e.g. duplicate keys, which BatchWriteItem rejects as well
        }
        DynaliteClient.Reply reply = forward(request);
        if (!reply.ok()) {
            return reply;
        }
        // Items dynalite left unprocessed simply show no difference, so they get no record.
        Map<String, Map<String, ObjectNode>> after = batchRead(keys, streams);
        for (Map.Entry<String, StreamState> entry : streams.entrySet()) {
            StreamState stream = entry.getValue();
            List<ChangeRecords.Change> changes = new ArrayList<>();
            for (ObjectNode key : keys.get(entry.getKey())) {
                String id = ChangeRecords.canonicalKey(key, stream.keySchema());
                ChangeRecords.Change change = ChangeRecords.diff(
                        stream.keySchema(),
                        key,
                        before.get(entry.getKey()).get(id),
                        after.get(entry.getKey()).get(id));
                if (change != null) {
                    changes.add(change);
                }
            }
            if (!changes.isEmpty()) {
                store.append(stream, changes);
                appended.add(stream);
            }
        }
        return reply;
    }

    /** Keys of a table's write requests in request order, or null when one has no complete key. */
    private static List<ObjectNode> keysOf(JsonNode writeRequests, JsonNode keySchema) {
        List<ObjectNode> keys = new ArrayList<>();
        for (JsonNode writeRequest : writeRequests) {
            JsonNode source = writeRequest.has("PutRequest")
                    ? writeRequest.path("PutRequest").get("Item")
                    : writeRequest.path("DeleteRequest").get("Key");
            ObjectNode key = ChangeRecords.keyOf(source, keySchema);
            if (key == null) {
                return null;
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * Consistent reads of all keys with BatchGetItem, repeated for UnprocessedKeys; per table a map from canonical
     * key to item (absent items are absent from the map).
     */
    private Map<String, Map<String, ObjectNode>> batchRead(
            Map<String, List<ObjectNode>> keys, Map<String, StreamState> streams) {
        Map<String, Map<String, ObjectNode>> items = new HashMap<>();
        ObjectNode requestItems = EmulatorJson.mapper().createObjectNode();
        keys.forEach((table, tableKeys) -> {
            items.put(table, new HashMap<>());
            if (!tableKeys.isEmpty()) {
                ObjectNode tableRequest = requestItems.putObject(table);
                ArrayNode list = tableRequest.putArray("Keys");
                tableKeys.forEach(list::add);
                tableRequest.put("ConsistentRead", true);
            }
        });
        int rounds = 0;
        while (requestItems.size() > 0) {
            if (++rounds > 50) {
                throw new IllegalStateException("dynalite kept returning UnprocessedKeys for " + requestItems);
            }
            ObjectNode request = EmulatorJson.mapper().createObjectNode();
            request.set("RequestItems", requestItems.deepCopy());
            ObjectNode response = dynalite.callOk("BatchGetItem", request);
            response.path("Responses").properties().forEach(entry -> {
                JsonNode keySchema = streams.get(entry.getKey()).keySchema();
                for (JsonNode item : entry.getValue()) {
                    items.get(entry.getKey()).put(ChangeRecords.canonicalKey(item, keySchema), (ObjectNode) item);
                }
            });
            requestItems.removeAll();
            response.path("UnprocessedKeys")
                    .properties()
                    .forEach(entry -> requestItems.set(entry.getKey(), entry.getValue()));
        }
        return items;
    }

    private DynaliteClient.Reply forward(ProxyRequest request) {
        return dynalite.forward(request.method(), request.pathAndQuery(), request.headers(), request.body());
    }
}
