/**
 * Splunk HTTP Event Collector transport: java.net.http and Jackson only, no KCL types.
 *
 * <p>{@link io.scanpipeline.sink.hec.HecClient} takes a {@link io.scanpipeline.sink.hec.HecBatch} and resolves it to
 * a {@link io.scanpipeline.sink.hec.HecDelivery} (every event delivered or dead-lettered with Splunk's reason) or to a
 * {@link io.scanpipeline.sink.hec.HecException} (nothing confirmed; the caller keeps the data). Inside: channels per
 * endpoint, round robin over healthy endpoints with health checks, indexer-acknowledgement polling with resend after
 * a timeout, exponential backoff with jitter for 429/5xx/I/O errors, batch splitting around the event Splunk names
 * as bad, and a bound on events in flight. Configuration: {@link io.scanpipeline.sink.hec.HecConfig#builder()}; the
 * sink reads it from its {@code HEC_*} variables ({@code io.scanpipeline.sink.HecEnvironment}).
 */
package io.scanpipeline.sink.hec;
