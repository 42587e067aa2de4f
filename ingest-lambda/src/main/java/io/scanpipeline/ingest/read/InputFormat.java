package io.scanpipeline.ingest.read;

/** How a stream is framed. */
public enum InputFormat {
    /**
     * Decide from the content: when the first line (up to 1 MiB) holds exactly one complete JSON value and more
     * content follows it, the stream is {@link #NDJSON}; otherwise {@link #JSON}. In a summary, AUTO means the
     * input was rejected (empty, not JSON) before its format could be decided.
     */
    AUTO,
    /**
     * One JSON document, or several concatenated ones; the record paths apply to each. A syntax error ends the
     * read, because resynchronising inside an unknown nesting and string state could invent records.
     */
    JSON,
    /**
     * One JSON value per line (blank lines ignored); the record paths apply inside each line, so a root path
     * makes each line one record. A malformed line is reported and reading continues with the next line.
     */
    NDJSON
}
