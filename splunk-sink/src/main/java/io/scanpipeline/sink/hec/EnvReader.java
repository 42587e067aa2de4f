package io.scanpipeline.sink.hec;

import io.scanpipeline.core.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from environment variables; every error names the variable. Not for secrets. Public so that the
 * sink's own configuration ({@code io.scanpipeline.sink.SinkConfig}) parses durations and numbers the same way.
 */
public final class EnvReader {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Map<String, String> env;

    /** A reader over {@code env} (usually {@code System.getenv()}). */
    public EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** {@code true} or {@code false} (any case), or {@code fallback} when unset or blank. */
    public boolean bool(String name, boolean fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name, "must be true or false, was '" + value + "'");
        };
    }

    /** A decimal integer, or {@code fallback} when unset or blank. */
    public int integer(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be an integer, was '" + value + "'");
        }
    }

    /**
     * A duration written as {@code 250ms}, {@code 10s}, {@code 3m}, {@code 1h}, a plain number of seconds, or ISO-8601
     * ({@code PT3M}).
     */
    public Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        return value == null ? fallback : parseDuration(name, value);
    }

    /** Parses {@code text} as {@link #duration} does; errors name {@code name}. */
    public static Duration parseDuration(String name, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, "is not an ISO-8601 duration: '" + text + "'");
            }
        }
        Matcher matcher = AMOUNT.matcher(value);
        if (!matcher.matches()) {
            throw new ConfigException(name, "must be a duration like 250ms, 10s, 3m, 1h or PT3M, was '" + text + "'");
        }
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        try {
            long amount = Long.parseLong(matcher.group(1));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(name, "is too large: '" + text + "'");
        }
    }
}
