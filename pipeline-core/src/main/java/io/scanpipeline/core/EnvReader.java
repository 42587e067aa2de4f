package io.scanpipeline.core;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of environment variables for every service (ingest, forwarder, sink and their commands): typed
 * values, one duration grammar, one rule for contradictory settings. Every error is a {@link ConfigException} naming
 * the variable and the value refused. Blank counts as unset. Not for secrets: a secret is read with
 * {@link #secret(String)}, whose value never appears in an error.
 *
 * <p><b>Durations</b> ({@link #parseDuration}): ISO-8601 ({@code PT30S}, {@code PT0.05S}, any case), or a whole
 * number with a unit {@code ms}, {@code s}, {@code m} or {@code h} ({@code 250ms}, {@code 10s}, {@code 3m},
 * {@code 1h}). A bare number is refused (is {@code 30} seconds or milliseconds?), except {@code 0}, which needs no
 * unit.
 *
 * <p>Each variable is read by a call whose first argument is the variable's name as a literal, so that the variable
 * contract test ({@code deployment-tests}) finds every variable the code reads and checks README documents it.
 */
public final class EnvReader {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Map<String, String> env;

    /** A reader over {@code env} (usually {@code System.getenv()}). */
    public EnvReader(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The trimmed value; a {@link ConfigException} saying "is required" and {@code hint} when unset or blank. */
    public String required(String name, String hint) {
        String value = string(name, null);
        if (value == null) {
            throw new ConfigException(name, "is required" + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
        }
        return value;
    }

    /**
     * A secret, stripped of surrounding whitespace (a value copied from a file often ends in a newline), or null.
     * Callers must keep it out of messages, {@code toString} and logs.
     */
    public String secret(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value.strip();
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
        return (int) longInteger(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A decimal integer from {@code min} to {@code max}, or {@code fallback} when unset or blank. */
    public int integer(String name, int fallback, int min, int max) {
        return (int) longInteger(name, fallback, min, max);
    }

    /** A decimal integer from {@code min} to {@code max}, or {@code fallback} when unset or blank. */
    public long longInteger(String name, long fallback, long min, long max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    /** A duration in the grammar of the class comment, or {@code fallback} when unset or blank. */
    public Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        return value == null ? fallback : parseDuration(name, value);
    }

    /** One of {@code type}'s constants (any case), or {@code fallback} when unset or blank. */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = string(name, null);
        return value == null ? fallback : parseChoice(name, type, value);
    }

    /** An absolute URL with a scheme and a host, or null when unset or blank. */
    public URI url(String name) {
        String value = string(name, null);
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "must be a URL such as http://127.0.0.1:4566, was '" + value + "'");
        }
    }

    /**
     * Parses {@code text} in the duration grammar of the class comment; errors name {@code name} and the text.
     */
    public static Duration parseDuration(String name, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p") || value.startsWith("-p") || value.startsWith("+p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, "is not an ISO-8601 duration such as PT30S, was '" + text + "'");
            }
        }
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = AMOUNT.matcher(value);
        if (!matcher.matches()) {
            String why = value.matches("\\d+") ? "needs a unit (ms, s, m or h)" : "must be a duration";
            throw new ConfigException(name, why + " like 250ms, 10s, 3m, 1h or PT30S, was '" + text + "'");
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(name, "is too large, was '" + text + "'");
        }
    }

    /** One of {@code type}'s constants (any case); errors name {@code name}, the value and the choices. */
    public static <E extends Enum<E>> E parseChoice(String name, Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    name, "must be one of " + Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
        }
    }

    /**
     * The rule for two settings that say the same thing two ways (e.g. {@code STREAM_NAME} and {@code STREAM_ARN}):
     * both set is an error naming both and their values, never a silent precedence; neither set is an error too.
     * Returns the variable that is set.
     */
    public static String exactlyOne(String first, String firstValue, String second, String secondValue) {
        boolean hasFirst = firstValue != null && !firstValue.isBlank();
        boolean hasSecond = secondValue != null && !secondValue.isBlank();
        if (hasFirst && hasSecond) {
            throw new ConfigException(
                    first,
                    "and " + second + " are both set ('" + firstValue.trim() + "', '" + secondValue.trim()
                            + "'); set only one of them");
        }
        if (!hasFirst && !hasSecond) {
            throw new ConfigException(first, "is required (or set " + second + ")");
        }
        return hasFirst ? first : second;
    }
}
