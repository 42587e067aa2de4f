package io.scanpipeline.ingest.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record read from a stream.
 *
 * @param index      0-based position among the records delivered from this stream (dense: malformed input does
 *                   not use an index)
 * @param value      the record; numbers are exact (BigInteger / BigDecimal with scale kept when needed)
 * @param context    the scalar fields (string, number, boolean, null) of the objects enclosing the record on its
 *                   path, nearest ancestor winning on a name clash; only fields that came BEFORE the record in the
 *                   stream are present (the reader never looks ahead). Empty for a root record. A fresh node per
 *                   record.
 * @param byteOffset offset of the record's first byte in the decompressed stream (a UTF-8 BOM counts)
 * @param line       1-based line where the record starts (for NDJSON: the line number)
 */
public record SourceRecord(long index, JsonNode value, ObjectNode context, long byteOffset, long line) {}
