package io.scanpipeline.ingest.item;

import java.util.Optional;

/**
 * The table a rule writes to and its key schema.
 *
 * @param table        table name
 * @param partitionKey the partition key attribute
 * @param sortKey      the sort key attribute, when the table has one
 */
public record TableTarget(String table, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {

    public TableTarget {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table name is empty");
        }
        sortKey = sortKey == null ? Optional.empty() : sortKey;
    }
}
