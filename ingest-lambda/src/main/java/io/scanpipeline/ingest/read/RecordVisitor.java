package io.scanpipeline.ingest.read;

/**
 * Receives what a {@link RecordReader} finds, in stream order, on the reading thread. Both methods may block
 * (that is the backpressure); a runtime exception thrown here aborts the read and propagates to the caller.
 */
public interface RecordVisitor {

    /** One record; the record and its nodes are not used by the reader afterwards, so they may be kept. */
    void record(SourceRecord record);

    /** Input that could not be turned into records; see {@link MalformedInput}. */
    void malformed(MalformedInput problem);
}
