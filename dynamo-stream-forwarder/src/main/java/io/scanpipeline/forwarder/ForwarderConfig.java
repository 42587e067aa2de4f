package io.scanpipeline.forwarder;

import io.scanpipeline.core.ChangeEnvelope.EventName;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the stream forwarder, read once from the environment and validated at construction; every error
 * names the variable.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code STREAM_NAME}</td><td>—</td><td>target Kinesis stream; this or {@code STREAM_ARN} is required,
 *       not both</td></tr>
 *   <tr><td>{@code STREAM_ARN}</td><td>—</td><td>target stream by ARN (cross-account streams)</td></tr>
 *   <tr><td>{@code INCLUDE_REMOVE}</td><td>{@code true}</td><td>{@code false} drops REMOVE records whatever
 *       {@code EVENT_NAMES} says</td></tr>
 *   <tr><td>{@code EVENT_NAMES}</td><td>{@code INSERT,MODIFY,REMOVE}</td><td>comma separated event names to
 *       forward</td></tr>
 *   <tr><td>{@code FILTER_ATTRIBUTE}</td><td>none</td><td>{@code name=value}, see {@link AttributeFilter}</td></tr>
 *   <tr><td>{@code MAX_RECORD_BYTES}</td><td>1048576</td><td>largest Kinesis record (envelope plus partition key);
 *       larger ones go to the quarantine. Lower it only to leave headroom; Kinesis rejects more than 1 MiB</td></tr>
 *   <tr><td>{@code RETRY_BASE_BACKOFF}</td><td>{@code PT0.1S}</td><td>first backoff before resending failed
 *       entries; doubles per attempt, full jitter</td></tr>
 *   <tr><td>{@code RETRY_MAX_BACKOFF}</td><td>{@code PT5S}</td><td>cap of one backoff</td></tr>
 *   <tr><td>{@code DEADLINE_SAFETY_MARGIN}</td><td>{@code PT1S}</td><td>time kept back from the invocation's
 *       remaining time to report failures before Lambda's timeout; raise it for large batches</td></tr>
 *   <tr><td>{@code QUARANTINE_BUCKET}</td><td>none</td><td>S3 bucket for records that can never be published;
 *       without it they are reported as batch item failures</td></tr>
 *   <tr><td>{@code QUARANTINE_PREFIX}</td><td>{@code forwarder-quarantine/}</td><td>key prefix in that
 *       bucket</td></tr>
 * </table>
 * Durations are ISO-8601 ({@code PT0.25S}) or a whole number with {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 250ms}), the grammar of {@link EnvReader}.
 *
 * @param streamName           target stream name, or null when {@code streamArn} is set
 * @param streamArn            target stream ARN, or null when {@code streamName} is set
 * @param includeRemove        whether REMOVE records may be forwarded
 * @param eventNames           event names to forward
 * @param attributeFilter      attribute condition, or null for none
 * @param maxRecordBytes       largest record sent to Kinesis, 1..1048576
 * @param retryBaseBackoff     first backoff, positive
 * @param retryMaxBackoff      backoff cap, at least the base
 * @param deadlineSafetyMargin time kept back from the invocation's remaining time, not negative
 * @param quarantineBucket     quarantine bucket, or null for none
 * @param quarantinePrefix     quarantine key prefix
 */
public record ForwarderConfig(
        String streamName,
        String streamArn,
        boolean includeRemove,
        Set<EventName> eventNames,
        AttributeFilter attributeFilter,
        int maxRecordBytes,
        Duration retryBaseBackoff,
        Duration retryMaxBackoff,
        Duration deadlineSafetyMargin,
        String quarantineBucket,
        String quarantinePrefix) {

    /** Kinesis' limit on one record: data plus partition key. */
    public static final int KINESIS_MAX_RECORD_BYTES = 1024 * 1024;

    public static final Set<EventName> DEFAULT_EVENT_NAMES = EnumSet.allOf(EventName.class);
    public static final Duration DEFAULT_RETRY_BASE_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEADLINE_SAFETY_MARGIN = Duration.ofSeconds(1);
    public static final String DEFAULT_QUARANTINE_PREFIX = "forwarder-quarantine/";

    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws[a-z-]*:kinesis:[^:]*:[0-9]*:stream/.+");

    public ForwarderConfig {
        boolean hasName = EnvReader.exactlyOne("STREAM_NAME", streamName, "STREAM_ARN", streamArn)
                .equals("STREAM_NAME");
        boolean hasArn = !hasName;
        if (hasName && !STREAM_NAME.matcher(streamName).matches()) {
            throw new ConfigException("STREAM_NAME", "must be 1-128 of a-z A-Z 0-9 _ . -, got '" + streamName + "'");
        }
        if (hasArn && !STREAM_ARN.matcher(streamArn).matches()) {
            throw new ConfigException("STREAM_ARN", "must be a Kinesis stream ARN, got '" + streamArn + "'");
        }
        streamName = hasName ? streamName : null;
        streamArn = hasArn ? streamArn : null;
        if (eventNames == null || eventNames.isEmpty()) {
            throw new ConfigException("EVENT_NAMES", "must name at least one of INSERT, MODIFY, REMOVE");
        }
        eventNames = Set.copyOf(eventNames);
        if (maxRecordBytes < 1 || maxRecordBytes > KINESIS_MAX_RECORD_BYTES) {
            throw new ConfigException(
                    "MAX_RECORD_BYTES", "must be 1.." + KINESIS_MAX_RECORD_BYTES + ", got " + maxRecordBytes);
        }
        if (retryBaseBackoff == null || retryBaseBackoff.isNegative() || retryBaseBackoff.isZero()) {
            throw new ConfigException("RETRY_BASE_BACKOFF", "must be positive, got " + retryBaseBackoff);
        }
        if (retryMaxBackoff == null || retryMaxBackoff.compareTo(retryBaseBackoff) < 0) {
            throw new ConfigException(
                    "RETRY_MAX_BACKOFF",
                    "must be at least RETRY_BASE_BACKOFF (" + retryBaseBackoff + "), got " + retryMaxBackoff);
        }
        if (deadlineSafetyMargin == null || deadlineSafetyMargin.isNegative()) {
            throw new ConfigException("DEADLINE_SAFETY_MARGIN", "must not be negative, got " + deadlineSafetyMargin);
        }
        quarantineBucket = quarantineBucket == null || quarantineBucket.isBlank() ? null : quarantineBucket.trim();
        quarantinePrefix = quarantinePrefix == null ? DEFAULT_QUARANTINE_PREFIX : quarantinePrefix;
    }

    /** A configuration with every default, sending to the stream {@code streamName}. */
    public static ForwarderConfig defaults(String streamName) {
        return new ForwarderConfig(
                streamName,
                null,
                true,
                DEFAULT_EVENT_NAMES,
                null,
                KINESIS_MAX_RECORD_BYTES,
                DEFAULT_RETRY_BASE_BACKOFF,
                DEFAULT_RETRY_MAX_BACKOFF,
                DEFAULT_DEADLINE_SAFETY_MARGIN,
                null,
                DEFAULT_QUARANTINE_PREFIX);
    }

    /** Reads the variables in the class comment from {@code env}. */
    public static ForwarderConfig fromEnv(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        String filter = read.string("FILTER_ATTRIBUTE", null);
        return new ForwarderConfig(
                read.string("STREAM_NAME", null),
                read.string("STREAM_ARN", null),
                read.bool("INCLUDE_REMOVE", true),
                eventNames(read.string("EVENT_NAMES", null)),
                filter == null ? null : AttributeFilter.parse("FILTER_ATTRIBUTE", filter),
                read.integer("MAX_RECORD_BYTES", KINESIS_MAX_RECORD_BYTES),
                read.duration("RETRY_BASE_BACKOFF", DEFAULT_RETRY_BASE_BACKOFF),
                read.duration("RETRY_MAX_BACKOFF", DEFAULT_RETRY_MAX_BACKOFF),
                read.duration("DEADLINE_SAFETY_MARGIN", DEFAULT_DEADLINE_SAFETY_MARGIN),
                read.string("QUARANTINE_BUCKET", null),
                read.string("QUARANTINE_PREFIX", DEFAULT_QUARANTINE_PREFIX));
    }

    /** The event names actually forwarded: {@link #eventNames()} without REMOVE unless {@link #includeRemove()}. */
    public Set<EventName> forwardedEventNames() {
        EnumSet<EventName> names = EnumSet.copyOf(eventNames);
        if (!includeRemove) {
            names.remove(EventName.REMOVE);
        }
        return names;
    }

    /** A short name of the target stream for logs and metric dimensions: the name, or the name part of the ARN. */
    public String streamLabel() {
        return streamName != null ? streamName : streamArn.substring(streamArn.indexOf(":stream/") + 8);
    }

    /** Whether records that can never be published go to S3 rather than being reported as failures. */
    public boolean hasQuarantine() {
        return quarantineBucket != null;
    }

    private static Set<EventName> eventNames(String value) {
        if (value == null) {
            return DEFAULT_EVENT_NAMES;
        }
        EnumSet<EventName> names = EnumSet.noneOf(EventName.class);
        for (String part : value.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                names.add(EventName.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        "EVENT_NAMES", "has unknown event name '" + part.trim() + "'; use INSERT, MODIFY, REMOVE");
            }
        }
        return names;
    }
}
