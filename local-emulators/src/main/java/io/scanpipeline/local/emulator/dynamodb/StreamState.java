package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One DynamoDB stream: its identity, its shards and their records. Guarded by the owning {@link StreamStore}.
 */
final class StreamState {

    static final String ENABLED = "ENABLED";
    static final String DISABLED = "DISABLED";

    private final String arn;
    private final String tableName;
    private final String label;
    private final String viewType;
    private final long createdMillis;
    private final JsonNode keySchema;
    private final List<Shard> shards;
    private volatile String status = ENABLED;

    StreamState(
            String arn,
            String tableName,
            String label,
            String viewType,
            long createdMillis,
            JsonNode keySchema,
            List<String> shardIds,
            long startingSequence) {
        this.arn = arn;
        this.tableName = tableName;
        this.label = label;
        this.viewType = viewType;
        this.createdMillis = createdMillis;
        this.keySchema = keySchema;
        List<Shard> list = new ArrayList<>();
        for (String id : shardIds) {
            list.add(new Shard(id, startingSequence));
        }
        this.shards = Collections.unmodifiableList(list);
    }

    /** Shard ids in the shape DynamoDB uses: creation time, then a per-shard hex suffix. */
    static List<String> shardIds(String arn, long createdMillis, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] digest = sha256(arn + "#" + i);
            int suffix = ((digest[0] & 0xff) << 24)
                    | ((digest[1] & 0xff) << 16)
                    | ((digest[2] & 0xff) << 8)
                    | (digest[3] & 0xff);
            ids.add(String.format("shardId-%020d-%08x", createdMillis, suffix));
        }
        return ids;
    }

    /**
     * The shard of a partition key: a hash that is stable across JVMs and restarts, so all changes of one item
     * land on one shard, in order, also after the stream was reloaded from disk.
     */
    Shard shardFor(String partitionValue) {
        byte[] digest = sha256(partitionValue);
        int hash = ((digest[0] & 0xff) << 24)
                | ((digest[1] & 0xff) << 16)
                | ((digest[2] & 0xff) << 8)
                | (digest[3] & 0xff);
        return shards.get(Math.floorMod(hash, shards.size()));
    }

    Shard shard(String shardId) {
        for (Shard shard : shards) {
            if (shard.id().equals(shardId)) {
                return shard;
            }
        }
        return null;
    }

    String arn() {
        return arn;
    }

    String tableName() {
        return tableName;
    }

    String label() {
        return label;
    }

    String viewType() {
        return viewType;
    }

    long createdMillis() {
        return createdMillis;
    }

    JsonNode keySchema() {
        return keySchema;
    }

    List<Shard> shards() {
        return shards;
    }

    String status() {
        return status;
    }

    boolean enabled() {
        return ENABLED.equals(status);
    }

    /** Disabling closes every shard at its last record, like DynamoDB does when a stream is turned off. */
    void disable() {
        status = DISABLED;
        shards.forEach(Shard::close);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored record with its numeric sequence number and the time it was written (for retention). */
    record StoredRecord(long sequence, long createdMillis, ObjectNode record) {}

    /** One shard: records in increasing sequence order. */
    static final class Shard {
        private final String id;
        private final long startingSequence;
        private final List<StoredRecord> records = new ArrayList<>();
        private volatile Long endingSequence;

        Shard(String id, long startingSequence) {
            this.id = id;
            this.startingSequence = startingSequence;
        }

        String id() {
            return id;
        }

        long startingSequence() {
            return startingSequence;
        }

        /** Null while the shard is open. */
        Long endingSequence() {
            return endingSequence;
        }

        boolean closed() {
            return endingSequence != null;
        }

        void close() {
            if (endingSequence == null) {
                endingSequence = records.isEmpty()
                        ? startingSequence
                        : records.get(records.size() - 1).sequence();
            }
        }

        void add(StoredRecord record) {
            records.add(record);
        }

        /** Up to {@code limit} records with a sequence number above {@code afterSequence}. */
        List<StoredRecord> after(long afterSequence, int limit) {
            int low = 0;
            int high = records.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (records.get(mid).sequence() <= afterSequence) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return List.copyOf(records.subList(low, Math.min(records.size(), low + limit)));
        }

        /** Whether any record lies above {@code afterSequence}. */
        boolean hasAfter(long afterSequence) {
            return !records.isEmpty() && records.get(records.size() - 1).sequence() > afterSequence;
        }

        /** Drops records written before {@code cutoffMillis}; returns how many. */
        int trimBefore(long cutoffMillis) {
            int count = 0;
            while (count < records.size() && records.get(count).createdMillis() < cutoffMillis) {
                count++;
            }
            records.subList(0, count).clear();
            return count;
        }

        List<StoredRecord> records() {
            return Collections.unmodifiableList(records);
        }
    }
}
