package io.scanpipeline.sink.hec;

/**
 * An event Splunk rejected for good; it belongs in the dead-letter store with {@link #reason()}.
 *
 * @param index      position of the event in {@link HecBatch#events()}
 * @param event      the rejected event
 * @param httpStatus HTTP status of the rejection
 * @param code       HEC code (6, 7, 12, 13 or 15), or null for HTTP 413 (one event over the request size limit)
 * @param reason     Splunk's answer, e.g. {@code HTTP 400 code 12 (Event field is required)}
 */
public record HecDeadLetter(int index, HecEvent event, int httpStatus, Integer code, String reason) {}
