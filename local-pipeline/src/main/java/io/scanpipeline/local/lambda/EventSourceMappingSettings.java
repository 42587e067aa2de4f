package io.scanpipeline.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link StreamEventSourceMapping}, named and bounded as the parameters of Lambda's event-source
 * mapping for DynamoDB streams; validated by {@link Builder#build()}, every error names the setting.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>Lambda parameter and meaning</th></tr>
 *   <tr><td>{@code batchSize}</td><td>100</td><td>{@code BatchSize}, 1..10000: most records per invocation</td></tr>
 *   <tr><td>{@code maximumBatchingWindow}</td><td>0</td><td>{@code MaximumBatchingWindowInSeconds}, 0..300 s: zero
 *       invokes as soon as records were read; otherwise waits up to this long after a batch's first record to fill
 *       the batch</td></tr>
 *   <tr><td>{@code startingPosition}</td><td>{@code TRIM_HORIZON}</td><td>{@code StartingPosition} for the shards
 *       open when the mapping starts ({@code LATEST} skips what is already in the stream); shards found later are
 *       always read from their start, as Lambda does</td></tr>
 *   <tr><td>{@code bisectBatchOnFunctionError}</td><td>{@code true}</td><td>{@code BisectBatchOnFunctionError}
 *       (Lambda's default is false): a failed batch is split in halves, each retried on its own; splitting does
 *       not use up retry attempts</td></tr>
 *   <tr><td>{@code maximumRetryAttempts}</td><td>-1</td><td>{@code MaximumRetryAttempts}, -1..10000: retries of a
 *       failing batch before it is discarded; -1 retries until the records expire</td></tr>
 *   <tr><td>{@code maximumRecordAge}</td><td>none</td><td>{@code MaximumRecordAgeInSeconds}, 60 s..7 days: older
 *       records are discarded instead of delivered; none means the stream's 24-hour retention</td></tr>
 *   <tr><td>{@code reportBatchItemFailures}</td><td>{@code true}</td><td>{@code FunctionResponseTypes:
 *       [ReportBatchItemFailures]} (Lambda's default is off): the function's {@code batchItemFailures} are honoured;
 *       when off the response is ignored and a returning function has processed the whole batch</td></tr>
 *   <tr><td>{@code onFailure}</td><td>none</td><td>{@code DestinationConfig.OnFailure}, here a file: one JSON line
 *       per discarded batch, shaped as an S3 destination's object (metadata plus the event as {@code payload});
 *       without it discarded batches are only
 *       logged</td></tr>
 *   <tr><td>{@code pollInterval}</td><td>200 ms</td><td>local only: how long an idle shard waits before it polls
 *       again when nothing wakes it (see {@link StreamEventSourceMapping#notifyRecordsAvailable})</td></tr>
 *   <tr><td>{@code retryBackoff}</td><td>100 ms</td><td>local only: wait before the first retry of a failed batch,
 *       doubling per retry up to {@value #MAX_RETRY_BACKOFF_SECONDS} s (Lambda does not document its own)</td></tr>
 * </table>
 */
public final class EventSourceMappingSettings {

    /** Where reading starts in the shards that are open when the mapping starts. */
    public enum StartingPosition {
        /** The oldest record kept in the shard. */
        TRIM_HORIZON,
        /** Just after the newest record: only changes made from now on. */
        LATEST
    }

    /** The cap of the doubling retry backoff, in seconds. */
    public static final int MAX_RETRY_BACKOFF_SECONDS = 10;

    private final int batchSize;
    private final Duration maximumBatchingWindow;
    private final StartingPosition startingPosition;
    private final boolean bisectBatchOnFunctionError;
    private final int maximumRetryAttempts;
    private final Duration maximumRecordAge;
    private final boolean reportBatchItemFailures;
    private final Path onFailure;
    private final Duration pollInterval;
    private final Duration retryBackoff;

    private EventSourceMappingSettings(Builder b) {
        this.batchSize = b.batchSize;
        this.maximumBatchingWindow = b.maximumBatchingWindow;
        this.startingPosition = b.startingPosition;
        this.bisectBatchOnFunctionError = b.bisectBatchOnFunctionError;
        this.maximumRetryAttempts = b.maximumRetryAttempts;
        this.maximumRecordAge = b.maximumRecordAge;
        this.reportBatchItemFailures = b.reportBatchItemFailures;
        this.onFailure = b.onFailure;
        this.pollInterval = b.pollInterval;
        this.retryBackoff = b.retryBackoff;
    }

    /** All defaults (see the class comment). */
    public static EventSourceMappingSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchSize = batchSize;
        b.maximumBatchingWindow = maximumBatchingWindow;
        b.startingPosition = startingPosition;
        b.bisectBatchOnFunctionError = bisectBatchOnFunctionError;
        b.maximumRetryAttempts = maximumRetryAttempts;
        b.maximumRecordAge = maximumRecordAge;
        b.reportBatchItemFailures = reportBatchItemFailures;
        b.onFailure = onFailure;
        b.pollInterval = pollInterval;
        b.retryBackoff = retryBackoff;
        return b;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration maximumBatchingWindow() {
        return maximumBatchingWindow;
    }

    public StartingPosition startingPosition() {
        return startingPosition;
    }

    public boolean bisectBatchOnFunctionError() {
        return bisectBatchOnFunctionError;
    }

    /** -1 for "until the records expire". */
    public int maximumRetryAttempts() {
        return maximumRetryAttempts;
    }

    public Optional<Duration> maximumRecordAge() {
        return Optional.ofNullable(maximumRecordAge);
    }

    public boolean reportBatchItemFailures() {
        return reportBatchItemFailures;
    }

    /** The on-failure file, if any. */
    public Optional<Path> onFailure() {
        return Optional.ofNullable(onFailure);
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** The wait before retry number {@code retry} (1 = the first retry): doubling, capped. */
    Duration retryDelay(int retry) {
        long millis = retryBackoff.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
        return Duration.ofMillis(
                Math.min(millis, Math.max(retryBackoff.toMillis(), MAX_RETRY_BACKOFF_SECONDS * 1000L)));
    }

    @Override
    public String toString() {
        return "EventSourceMappingSettings{batchSize=" + batchSize + ", maximumBatchingWindow=" + maximumBatchingWindow
                + ", startingPosition=" + startingPosition + ", bisectBatchOnFunctionError="
                + bisectBatchOnFunctionError + ", maximumRetryAttempts=" + maximumRetryAttempts
                + ", maximumRecordAge=" + maximumRecordAge + ", reportBatchItemFailures=" + reportBatchItemFailures
                + ", onFailure=" + onFailure + ", pollInterval=" + pollInterval + ", retryBackoff=" + retryBackoff
                + "}";
    }

    /** Builds {@link EventSourceMappingSettings}; defaults as in the class comment. */
    public static final class Builder {
        private int batchSize = 100;
        private Duration maximumBatchingWindow = Duration.ZERO;
        private StartingPosition startingPosition = StartingPosition.TRIM_HORIZON;
        private boolean bisectBatchOnFunctionError = true;
        private int maximumRetryAttempts = -1;
        private Duration maximumRecordAge;
        private boolean reportBatchItemFailures = true;
        private Path onFailure;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration retryBackoff = Duration.ofMillis(100);

        private Builder() {}

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder maximumBatchingWindow(Duration window) {
            this.maximumBatchingWindow = Objects.requireNonNull(window, "maximumBatchingWindow");
            return this;
        }

        public Builder startingPosition(StartingPosition position) {
            this.startingPosition = Objects.requireNonNull(position, "startingPosition");
            return this;
        }

        public Builder bisectBatchOnFunctionError(boolean bisect) {
            this.bisectBatchOnFunctionError = bisect;
            return this;
        }

        public Builder maximumRetryAttempts(int attempts) {
            this.maximumRetryAttempts = attempts;
            return this;
        }

        /** Null for none (the stream's retention). */
        public Builder maximumRecordAge(Duration age) {
            this.maximumRecordAge = age;
            return this;
        }

        public Builder reportBatchItemFailures(boolean report) {
            this.reportBatchItemFailures = report;
            return this;
        }

        /** Null for none. */
        public Builder onFailure(Path file) {
            this.onFailure = file;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "pollInterval");
            return this;
        }

        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of its range */
        public EventSourceMappingSettings build() {
            require(batchSize >= 1 && batchSize <= 10_000, "batchSize must be 1..10000, got " + batchSize);
            require(
                    !maximumBatchingWindow.isNegative()
                            && maximumBatchingWindow.compareTo(Duration.ofSeconds(300)) <= 0,
                    "maximumBatchingWindow must be 0..300 s, got " + maximumBatchingWindow);
            require(
                    maximumRetryAttempts >= -1 && maximumRetryAttempts <= 10_000,
                    "maximumRetryAttempts must be -1 (until the records expire) or 0..10000, got "
                            + maximumRetryAttempts);
            require(
                    maximumRecordAge == null
                            || (maximumRecordAge.compareTo(Duration.ofSeconds(60)) >= 0
                                    && maximumRecordAge.compareTo(Duration.ofDays(7)) <= 0),
                    "maximumRecordAge must be 60 s..7 days (or none), got " + maximumRecordAge);
            require(
                    pollInterval.toMillis() >= 1 && pollInterval.compareTo(Duration.ofMinutes(1)) <= 0,
                    "pollInterval must be 1 ms..1 min, got " + pollInterval);
            require(
                    !retryBackoff.isNegative() && retryBackoff.compareTo(Duration.ofMinutes(1)) <= 0,
                    "retryBackoff must be 0..1 min, got " + retryBackoff);
            return new EventSourceMappingSettings(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
