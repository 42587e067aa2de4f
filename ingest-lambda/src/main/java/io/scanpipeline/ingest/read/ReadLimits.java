package io.scanpipeline.ingest.read;

import io.scanpipeline.core.EnvReader;
import java.util.Map;

/**
 * Bounds on what one object may make the reader hold or read, so that a small hostile file (a gzip bomb, one
 * NDJSON line of millions of tiny records, a record built to be huge) cannot exhaust the function. What passes a
 * bound is quarantined with a reason, and reading goes on where the format allows.
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 * <tr><td>MAX_RECORD_BYTES</td><td>16777216</td><td>largest record (NDJSON: line) in source bytes, checked while it is
 *     read; a larger one is skipped (RECORD_TOO_LARGE) and the next is read</td></tr>
 * <tr><td>MAX_DECOMPRESSED_BYTES</td><td>8589934592 (8 GiB)</td><td>gzip: reading stops past this many
 *     decompressed bytes (DECOMPRESSION_LIMIT); the records before it are stored</td></tr>
 * <tr><td>MAX_DECOMPRESSION_RATIO</td><td>200</td><td>gzip: reading stops when the decompressed bytes pass this
 *     multiple of the compressed bytes read, once past 64 MiB (DECOMPRESSION_LIMIT)</td></tr>
 * <tr><td>MAX_RECORDS_PER_LINE</td><td>10000</td><td>NDJSON: a line yielding more records is quarantined whole
 *     (TOO_MANY_RECORDS_IN_LINE); the next line is read</td></tr>
 * <tr><td>MAX_CONTEXT_BYTES</td><td>65536</td><td>source bytes of the scalar fields of a record's enclosing objects
 *     kept as its context; records under a larger context are quarantined (CONTEXT_TOO_LARGE)</td></tr>
 * </table>
 *
 * @param maxRecordBytes        1 byte to 1 GiB
 * @param maxDecompressedBytes  at least 1
 * @param maxDecompressionRatio at least 1
 * @param maxRecordsPerLine     at least 1
 * @param maxContextBytes       at least 1
 */
public record ReadLimits(
        int maxRecordBytes,
        long maxDecompressedBytes,
        int maxDecompressionRatio,
        int maxRecordsPerLine,
        int maxContextBytes) {

    /** Decompressed bytes read before the ratio is checked: small files are never judged by their ratio. */
    public static final long RATIO_GRACE_BYTES = 64L * 1024 * 1024;

    private static final int MAX_ALLOWED_RECORD_BYTES = 1024 * 1024 * 1024;

    /** The defaults of the table above. */
    public static final ReadLimits DEFAULTS =
            new ReadLimits(RecordReader.DEFAULT_MAX_RECORD_BYTES, 8L * 1024 * 1024 * 1024, 200, 10_000, 64 * 1024);

    public ReadLimits {
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_ALLOWED_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be between 1 and " + MAX_ALLOWED_RECORD_BYTES + ": " + maxRecordBytes);
        }
        if (maxDecompressedBytes < 1 || maxDecompressionRatio < 1 || maxRecordsPerLine < 1 || maxContextBytes < 1) {
            throw new IllegalArgumentException("read limits must be positive: " + maxDecompressedBytes + ", "
                    + maxDecompressionRatio + ", " + maxRecordsPerLine + ", " + maxContextBytes);
        }
    }

    /** A copy with another record size limit. */
    public ReadLimits withMaxRecordBytes(int bytes) {
        return new ReadLimits(bytes, maxDecompressedBytes, maxDecompressionRatio, maxRecordsPerLine, maxContextBytes);
    }

    /** Reads the variables of the table above; a bad value names its variable. */
    public static ReadLimits fromEnv(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        return new ReadLimits(
                read.integer("MAX_RECORD_BYTES", DEFAULTS.maxRecordBytes, 1, MAX_ALLOWED_RECORD_BYTES),
                read.longInteger("MAX_DECOMPRESSED_BYTES", DEFAULTS.maxDecompressedBytes, 1, Long.MAX_VALUE),
                read.integer("MAX_DECOMPRESSION_RATIO", DEFAULTS.maxDecompressionRatio, 1, 1_000_000),
                read.integer("MAX_RECORDS_PER_LINE", DEFAULTS.maxRecordsPerLine, 1, Integer.MAX_VALUE),
                read.integer("MAX_CONTEXT_BYTES", DEFAULTS.maxContextBytes, 1, MAX_ALLOWED_RECORD_BYTES));
    }
}
