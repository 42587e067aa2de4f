package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * All DynamoDB streams of one {@link LocalDynamoDb}: which table has which stream, the records of every shard,
 * sequence numbers, 24-hour retention, optional persistence and change listeners. Thread-safe.
 */
final class StreamStore implements AutoCloseable {

    static final Duration RETENTION = Duration.ofHours(24);
    private static final String ACCOUNT = "000000000000";
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String region;
    private final int shardsPerStream;
    private final Clock clock;
    private final StreamJournal journal;
    private final Map<String, StreamState> byArn = new LinkedHashMap<>();
    // The stream of the table as it exists now; dropped when the table is deleted, so a re-created table starts
    // without LatestStreamArn while the old stream stays readable by its ARN.
    private final Map<String, StreamState> currentByTable = new HashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private long lastSequence;
    private long lastTrimMillis;

    StreamStore(String region, int shardsPerStream, Path persistenceDir, Clock clock) {
        this.region = region;
        this.shardsPerStream = shardsPerStream;
        this.clock = clock;
        this.journal = persistenceDir == null ? null : new StreamJournal(persistenceDir);
        if (journal != null) {
            replay(journal.load());
            trim();
            journal.rewriteAndOpen(snapshot());
        }
    }

    String region() {
        return region;
    }

    /** Creates and enables a new stream for {@code table}. */
    synchronized StreamState enable(String table, String viewType, JsonNode keySchema) {
        long created = clock.millis();
        // The label is the ARN's only varying part: two streams of one table in one millisecond (delete and
        // re-create, or disable and enable) would share an ARN, so the later one moves on by a millisecond.
        while (byArn.containsKey(streamArn(table, created))) {
            created++;
        }
        String label = LABEL.format(Instant.ofEpochMilli(created));
        String arn = streamArn(table, created);
        StreamState stream = new StreamState(
                arn,
                table,
                label,
                viewType,
                created,
                keySchema.deepCopy(),
                StreamState.shardIds(arn, created, shardsPerStream),
                lastSequence + 1);
        register(stream);
        if (journal != null) {
            ObjectNode event = event("stream", arn);
            event.put("table", table)
                    .put("label", label)
                    .put("viewType", viewType)
                    .put("created", created)
                    .put("start", lastSequence + 1);
            event.set("keySchema", keySchema);
            event.set(
                    "shards",
                    EmulatorJson.mapper()
                            .valueToTree(stream.shards().stream()
                                    .map(StreamState.Shard::id)
                                    .toList()));
            journal.append(List.of(event));
        }
        return stream;
    }

    /** Disables the table's stream; {@code tableDeleted} also forgets the table's link to it. */
    synchronized void disable(String table, boolean tableDeleted) {
        StreamState stream = currentByTable.get(table);
        if (stream == null) {
            return;
        }
        stream.disable();
        if (tableDeleted) {
            currentByTable.remove(table);
        }
        if (journal != null) {
            journal.append(List.of(event("disable", stream.arn()).put("tableDeleted", tableDeleted)));
        }
    }

    /** The latest stream of the table as it exists now, enabled or not; null when it never had one. */
    synchronized StreamState current(String table) {
        return currentByTable.get(table);
    }

    /** The table's stream when it is enabled, else null. */
    synchronized StreamState enabledStream(String table) {
        StreamState stream = currentByTable.get(table);
        return stream != null && stream.enabled() ? stream : null;
    }

    synchronized StreamState stream(String arn) {
        return byArn.get(arn);
    }

    /** All streams, enabled or not, oldest first. */
    synchronized List<StreamState> streams() {
        return List.copyOf(byArn.values());
    }

    /** The highest sequence number handed out so far (0 when none). */
    synchronized long lastSequence() {
        return lastSequence;
    }

    /** Stores changes as records of {@code stream}; the caller then calls {@link #notifyListeners}. */
    synchronized void append(StreamState stream, List<ChangeRecords.Change> changes) {
        long now = clock.millis();
        List<ObjectNode> events = new ArrayList<>();
        for (ChangeRecords.Change change : changes) {
            long sequence = ++lastSequence;
            ObjectNode record =
                    ChangeRecords.build(change, stream.viewType(), region, now / 1000, formatSequence(sequence));
            StreamState.Shard shard = stream.shardFor(change.partitionValue());
            shard.add(new StreamState.StoredRecord(sequence, now, record));
            if (journal != null) {
                events.add(recordEvent(stream, shard, sequence, now, record));
            }
        }
        if (journal != null) {
            journal.append(events);
        }
        if (now - lastTrimMillis > 60_000) {
            trim();
        }
    }

    /** Tells the listeners that {@code stream} has new records. */
    void notifyListeners(StreamState stream) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(stream.arn());
            } catch (RuntimeException e) {
                // A failing listener must not fail the caller's write, which has already happened.
            }
        }
    }

    synchronized List<StreamState.StoredRecord> read(StreamState.Shard shard, long afterSequence, int limit) {
        return shard.after(afterSequence, limit);
    }

    synchronized boolean hasAfter(StreamState.Shard shard, long afterSequence) {
        return shard.hasAfter(afterSequence);
    }

    void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Sequence numbers as DynamoDB shows them: decimal strings, here zero-padded to 21 digits. */
    static String formatSequence(long sequence) {
        return String.format("%021d", sequence);
    }

    @Override
    public synchronized void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private String streamArn(String table, long createdMillis) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + table + "/stream/"
                + LABEL.format(Instant.ofEpochMilli(createdMillis));
    }

    private void register(StreamState stream) {
        byArn.put(stream.arn(), stream);
        currentByTable.put(stream.tableName(), stream);
    }

    private void trim() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        for (StreamState stream : byArn.values()) {
            stream.shards().forEach(shard -> shard.trimBefore(cutoff));
        }
        lastTrimMillis = clock.millis();
    }

    private void replay(List<ObjectNode> events) {
        for (ObjectNode event : events) {
            String arn = event.path("arn").asText();
            switch (event.path("type").asText()) {
                case "stream" -> {
                    List<String> shardIds = new ArrayList<>();
                    event.path("shards").forEach(id -> shardIds.add(id.asText()));
                    register(new StreamState(
                            arn,
                            event.path("table").asText(),
                            event.path("label").asText(),
                            event.path("viewType").asText(),
                            event.path("created").asLong(),
                            event.get("keySchema"),
                            shardIds,
                            event.path("start").asLong()));
                    lastSequence = Math.max(lastSequence, event.path("start").asLong() - 1);
                }
                case "disable" -> {
                    StreamState stream = byArn.get(arn);
                    if (stream != null) {
                        stream.disable();
                        if (event.path("tableDeleted").asBoolean()) {
                            currentByTable.remove(stream.tableName(), stream);
                        }
                    }
                }
                case "record" -> {
                    StreamState stream = byArn.get(arn);
                    StreamState.Shard shard = stream == null
                            ? null
                            : stream.shard(event.path("shard").asText());
                    long sequence = event.path("seq").asLong();
                    if (shard != null && event.get("record") instanceof ObjectNode record) {
                        shard.add(new StreamState.StoredRecord(
                                sequence, event.path("at").asLong(), record));
                    }
                    lastSequence = Math.max(lastSequence, sequence);
                }
                case "sequence" ->
                    lastSequence = Math.max(lastSequence, event.path("last").asLong());
                default -> {
                    // Unknown event from a newer version: ignore rather than refuse to start.
                }
            }
        }
    }

    /** The events that rebuild the current state, used to compact the journal on start. */
    private List<ObjectNode> snapshot() {
        List<ObjectNode> events = new ArrayList<>();
        for (StreamState stream : byArn.values()) {
            ObjectNode created = event("stream", stream.arn());
            created.put("table", stream.tableName())
                    .put("label", stream.label())
                    .put("viewType", stream.viewType())
                    .put("created", stream.createdMillis())
                    .put("start", stream.shards().get(0).startingSequence());
            created.set("keySchema", stream.keySchema());
            created.set(
                    "shards",
                    EmulatorJson.mapper()
                            .valueToTree(stream.shards().stream()
                                    .map(StreamState.Shard::id)
                                    .toList()));
            events.add(created);
            for (StreamState.Shard shard : stream.shards()) {
                for (StreamState.StoredRecord stored : shard.records()) {
                    events.add(recordEvent(stream, shard, stored.sequence(), stored.createdMillis(), stored.record()));
                }
            }
            if (!stream.enabled()) {
                events.add(event("disable", stream.arn())
                        .put("tableDeleted", currentByTable.get(stream.tableName()) != stream));
            }
        }
        // Keeps the highest sequence number even when all records aged out, so numbers never go back.
        events.add(event("sequence", "").put("last", lastSequence));
        return events;
    }

    private static ObjectNode recordEvent(
            StreamState stream, StreamState.Shard shard, long sequence, long at, ObjectNode record) {
        ObjectNode event = event("record", stream.arn());
        event.put("shard", shard.id()).put("seq", sequence).put("at", at);
        event.set("record", record);
        return event;
    }

    private static ObjectNode event(String type, String arn) {
        return EmulatorJson.mapper().createObjectNode().put("type", type).put("arn", arn);
    }
}
