package io.scanpipeline.sink;

import io.scanpipeline.core.ConfigException;
import java.time.Instant;

/**
 * Where a new lease starts reading a shard ({@code INITIAL_POSITION}, {@code INITIAL_TIMESTAMP}). Only a shard
 * without a checkpoint uses it: a restarted sink continues from its checkpoints.
 *
 * @param kind      TRIM_HORIZON (oldest record kept), LATEST (only new records) or AT_TIMESTAMP
 * @param timestamp the time for AT_TIMESTAMP, else null
 */
public record StartPosition(Kind kind, Instant timestamp) {

    /** The initial positions KCL supports. */
    public enum Kind {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    public StartPosition {
        if (kind == null) {
            throw new ConfigException("INITIAL_POSITION", "is required");
        }
        if (kind == Kind.AT_TIMESTAMP && timestamp == null) {
            throw new ConfigException("INITIAL_TIMESTAMP", "is required when INITIAL_POSITION is AT_TIMESTAMP");
        }
        if (kind != Kind.AT_TIMESTAMP && timestamp != null) {
            throw new ConfigException("INITIAL_TIMESTAMP", "is only allowed when INITIAL_POSITION is AT_TIMESTAMP");
        }
    }

    /** The oldest record the stream keeps. */
    public static StartPosition trimHorizon() {
        return new StartPosition(Kind.TRIM_HORIZON, null);
    }

    /** The first record that arrived at or after {@code time}. */
    public static StartPosition atTimestamp(Instant time) {
        return new StartPosition(Kind.AT_TIMESTAMP, time);
    }
}
