package io.scanpipeline.ingest.read;

import io.scanpipeline.ingest.quarantine.RejectReason;

/**
 * Input that did not yield records.
 *
 * @param recordIndex number of records delivered before the problem (where it sits in the record sequence), or -1
 *                    for a problem about the whole file (empty, not JSON, record paths that matched nothing)
 * @param byteOffset  offset in the decompressed stream where the problem was found (for a bad NDJSON line: where
 *                    the error is inside it), or -1 when unknown
 * @param line        1-based line of the problem, or -1 when unknown
 * @param reason      what was expected and what was found, e.g. Jackson's message
 *                    <code>Unexpected character ('&#125;' (code 125)): was expecting double-quote to start field name</code>
 * @param rawExcerpt  up to about 1 KB of the text around the problem (decoded as UTF-8), or null when there is none
 * @param kind        the quarantine reason: MALFORMED_JSON, RECORD_PATH_UNMATCHED, or a {@link ReadLimits} bound
 */
public record MalformedInput(
        long recordIndex, long byteOffset, long line, String reason, String rawExcerpt, RejectReason kind) {

    /** Input that is not JSON ({@link RejectReason#MALFORMED_JSON}). */
    public MalformedInput(long recordIndex, long byteOffset, long line, String reason, String rawExcerpt) {
        this(recordIndex, byteOffset, line, reason, rawExcerpt, RejectReason.MALFORMED_JSON);
    }
}
