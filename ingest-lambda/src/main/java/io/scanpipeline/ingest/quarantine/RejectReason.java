package io.scanpipeline.ingest.quarantine;

/** Why a record went to the quarantine. The names appear in quarantine lines and metrics. */
public enum RejectReason {
    /** The file, or a part of it, is not valid JSON (the byte offset says where). */
    MALFORMED_JSON,
    /** A record (NDJSON: line) is larger than MAX_RECORD_BYTES in the source; it was skipped while being read. */
    RECORD_TOO_LARGE,
    /** A gzip object decompressed past MAX_DECOMPRESSED_BYTES or MAX_DECOMPRESSION_RATIO; reading stopped there. */
    DECOMPRESSION_LIMIT,
    /** An NDJSON line yielded more records than MAX_RECORDS_PER_LINE; the line was quarantined whole. */
    TOO_MANY_RECORDS_IN_LINE,
    /** The scalar fields of a record's enclosing objects passed MAX_CONTEXT_BYTES. */
    CONTEXT_TOO_LARGE,
    /** A configured record path matched nothing in the file. */
    RECORD_PATH_UNMATCHED,
    /** A record is not a JSON object. */
    BAD_RECORD_TYPE,
    /** A field the key template needs is missing, null or empty. */
    MISSING_KEY_FIELD,
    /** A key field is an object or array, or a number key is not a number. */
    BAD_KEY_TYPE,
    /**
     * A key field holds a string that is not valid Unicode (a lone surrogate such as {@code "\ud800"}). Other
     * strings and field names are repaired with U+FFFD and noted instead (see {@code read.NameSurrogateRepair}).
     */
    INVALID_UNICODE,
    /** The key is longer than DynamoDB allows (2048 bytes partition, 1024 sort). */
    KEY_TOO_LONG,
    /** The item would exceed DynamoDB's 400 KB. */
    ITEM_TOO_LARGE,
    /** Nesting deeper than DynamoDB's 32 levels, or another value DynamoDB cannot store. */
    UNSUPPORTED_VALUE,
    /** DynamoDB itself rejected the item (ValidationException) — its message is kept. */
    REJECTED_BY_DYNAMODB
}
