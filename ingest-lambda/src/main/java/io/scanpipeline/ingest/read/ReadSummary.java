package io.scanpipeline.ingest.read;

import java.util.List;

/**
 * What one {@link RecordReader#read} did.
 *
 * @param records        records delivered to {@link RecordVisitor#record}
 * @param malformed      problems delivered to {@link RecordVisitor#malformed}
 * @param bytesRead      decompressed bytes read from the stream
 * @param gzip           whether the stream was gzip (detected from its magic bytes)
 * @param format         {@link InputFormat#JSON} or {@link InputFormat#NDJSON}; {@link InputFormat#AUTO} when the
 *                       input was rejected before the format was decided
 * @param complete       true when the whole stream was read; false when reading stopped early (a JSON syntax
 *                       error, corrupt gzip data) or the file was rejected (empty, not JSON)
 * @param unmatchedPaths record paths that matched nothing in the part of the stream that was read. Informational
 *                       when other paths matched (e.g. {@code /Findings} in a file that uses {@code /findings});
 *                       when no path matched at all a {@link MalformedInput} is reported as well.
 */
public record ReadSummary(
        long records,
        long malformed,
        long bytesRead,
        boolean gzip,
        InputFormat format,
        boolean complete,
        List<String> unmatchedPaths) {

    /** Copies {@code unmatchedPaths}, so the summary is immutable. */
    public ReadSummary {
        unmatchedPaths = List.copyOf(unmatchedPaths);
    }
}
