package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splunk time modifiers, all in UTC: {@code now}, {@code 0} (all time), epoch seconds, ISO-8601,
 * {@code %m/%d/%Y:%H:%M:%S}, and relative ones: offsets {@code [+|-]<n><unit>} (s m h d w mon q y and their long
 * spellings), an optional snap {@code @<unit>} ({@code @w0}..{@code @w6} snap to a weekday, Sunday = 0) and offsets
 * after the snap ({@code -1d@d+6h}). Anything else is refused naming the text.
 */
public final class TimeModifier {
    private static final Pattern PART = Pattern.compile("([+-])(\\d*)([a-zA-Z]+)");
    private static final DateTimeFormatter SPLUNK = DateTimeFormatter.ofPattern("MM/dd/yyyy:HH:mm:ss");

    private TimeModifier() {}

    /** The instant a modifier names, relative to {@code now}. */
    public static Instant resolve(String modifier, Instant now) {
        String m = modifier.strip();
        if (m.equalsIgnoreCase("now")) {
            return now;
        }
        if (m.matches("\\d+(\\.\\d+)?")) {
            BigDecimal s = new BigDecimal(m);
            return Instant.ofEpochSecond(
                    s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        Instant absolute = absolute(m);
        if (absolute != null) {
            return absolute;
        }
        int at = m.indexOf('@');
        String before = at < 0 ? m : m.substring(0, at);
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        t = offsets(before, t, modifier);
        if (at >= 0) {
            String rest = m.substring(at + 1);
            Matcher snap = Pattern.compile("([a-zA-Z]+\\d?)(.*)").matcher(rest);
            if (!snap.matches()) {
                throw bad(modifier);
            }
            t = snap(t, snap.group(1), modifier);
            t = offsets(snap.group(2), t, modifier);
        }
        return t.toInstant();
    }

    private static Instant absolute(String m) {
        try {
            return Instant.parse(m);
        } catch (DateTimeParseException ignored) {
            // not an instant with a zone letter
        }
        try {
            return OffsetDateTime.parse(m).toInstant();
        } catch (DateTimeParseException ignored) {
            // no offset
        }
        try {
            return LocalDateTime.parse(m).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not ISO
        }
        try {
            return LocalDateTime.parse(m, SPLUNK).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    private static ZonedDateTime offsets(String text, ZonedDateTime t, String whole) {
        Matcher p = PART.matcher(text);
        int pos = 0;
        while (pos < text.length()) {
            if (!p.find(pos) || p.start() != pos) {
                throw bad(whole);
            }
            long n = p.group(2).isEmpty() ? 1 : Long.parseLong(p.group(2));
            if (p.group(1).equals("-")) {
                n = -n;
            }
            t = plus(t, n, p.group(3), whole);
            pos = p.end();
        }
        return t;
    }

    private static ZonedDateTime plus(ZonedDateTime t, long n, String unit, String whole) {
        return switch (unit(unit, whole)) {
            case "s" -> t.plusSeconds(n);
            case "m" -> t.plusMinutes(n);
            case "h" -> t.plusHours(n);
            case "d" -> t.plusDays(n);
            case "w" -> t.plusWeeks(n);
            case "mon" -> t.plusMonths(n);
            case "q" -> t.plusMonths(3 * n);
            default -> t.plusYears(n);
        };
    }

    /** The canonical unit (s m h d w mon q y) of a Splunk time unit spelling. */
    public static String unit(String u, String whole) {
        return switch (u.toLowerCase()) {
            case "s", "sec", "secs", "second", "seconds" -> "s";
            case "m", "min", "mins", "minute", "minutes" -> "m";
            case "h", "hr", "hrs", "hour", "hours" -> "h";
            case "d", "day", "days" -> "d";
            case "w", "week", "weeks" -> "w";
            case "mon", "month", "months" -> "mon";
            case "q", "qtr", "qtrs", "quarter", "quarters" -> "q";
            case "y", "yr", "yrs", "year", "years" -> "y";
            default -> throw bad(whole);
        };
    }

    private static ZonedDateTime snap(ZonedDateTime t, String unit, String whole) {
        if (unit.matches("(?i)w[0-7]")) {
            int day = unit.charAt(1) - '0';
            DayOfWeek dow = day == 0 || day == 7 ? DayOfWeek.SUNDAY : DayOfWeek.of(day);
            return t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(dow));
        }
        return switch (unit(unit, whole)) {
            case "s" -> t.truncatedTo(ChronoUnit.SECONDS);
            case "m" -> t.truncatedTo(ChronoUnit.MINUTES);
            case "h" -> t.truncatedTo(ChronoUnit.HOURS);
            case "d" -> t.truncatedTo(ChronoUnit.DAYS);
            case "w" -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
            case "mon" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case "q" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
            default -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        };
    }

    private static SplException bad(String modifier) {
        return new SplException.BadArgument("invalid time modifier '" + modifier + "'");
    }
}
