/**
 * Writing items: concurrent {@code BatchWriteItem} calls that resend only what was not processed, and the
 * re-ingest's filter that leaves out items already stored as built.
 */
package io.scanpipeline.ingest.write;
