package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splunk's {@code strftime}/{@code strptime} conversion specifiers, in UTC: %Y %y %m %d %e %H %I %M %S %p %j %a %A
 * %b %B %Z %z %s %F %T %N (and %3N %6N %9N) %Q %%. Other specifiers are refused naming them.
 */
public final class StrTime {
    private StrTime() {}

    public static String format(double epochSeconds, String fmt) {
        long nanos = Math.round((epochSeconds - Math.floor(epochSeconds)) * 1e9);
        ZonedDateTime t =
                Instant.ofEpochSecond((long) Math.floor(epochSeconds), nanos).atZone(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                out.append(c);
                continue;
            }
            char s = fmt.charAt(++i);
            int digits = 0;
            if (Character.isDigit(s) && i + 1 < fmt.length()) {
                digits = s - '0';
                s = fmt.charAt(++i);
            }
            switch (s) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(two(t.getYear() % 100));
                case 'm' -> out.append(two(t.getMonthValue()));
                case 'd' -> out.append(two(t.getDayOfMonth()));
                case 'e' -> out.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> out.append(two(t.getHour()));
                case 'I' -> out.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'M' -> out.append(two(t.getMinute()));
                case 'S' -> out.append(two(t.getSecond()));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'Z' -> out.append("UTC");
                case 'z' -> out.append("+0000");
                case 's' -> out.append(t.toEpochSecond());
                case 'F' ->
                    out.append(t.getYear())
                            .append('-')
                            .append(two(t.getMonthValue()))
                            .append('-')
                            .append(two(t.getDayOfMonth()));
                case 'T' ->
                    out.append(two(t.getHour()))
                            .append(':')
                            .append(two(t.getMinute()))
                            .append(':')
                            .append(two(t.getSecond()));
                case 'N' -> out.append(String.format("%09d", t.getNano()), 0, digits == 0 ? 9 : digits);
                case 'Q' -> out.append(String.format("%03d", t.getNano() / 1_000_000));
                case '%' -> out.append('%');
                default -> throw new SplException.BadArgument("strftime: " + SplException.unsupported("%" + s));
            }
        }
        return out.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    /** Epoch seconds of {@code text} read with {@code fmt}; null when it does not match (as Splunk). */
    public static Double parse(String text, String fmt) {
        StringBuilder regex = new StringBuilder();
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                regex.append(Pattern.quote(String.valueOf(c)));
                continue;
            }
            char s = fmt.charAt(++i);
            if (Character.isDigit(s) && i + 1 < fmt.length()) {
                s = fmt.charAt(++i);
            }
            switch (s) {
                case 'Y' -> regex.append("(\\d{4})");
                case 'y', 'm', 'd', 'H', 'M', 'S', 'I' -> regex.append("(\\d{1,2})");
                case 'e' -> regex.append("\\s?(\\d{1,2})");
                case 'j' -> regex.append("(\\d{1,3})");
                case 'N', 'Q' -> regex.append("(\\d+)");
                case 's' -> regex.append("(\\d+)");
                case 'p' -> regex.append("([AaPp][Mm])");
                case 'b', 'B', 'a', 'A' -> regex.append("([A-Za-z]+)");
                case 'Z' -> regex.append("([A-Za-z]+)");
                case 'z' -> regex.append("([+-]\\d{2}:?\\d{2}|Z)");
                case 'F' -> {
                    regex.append("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
                    order.append("Ymd");
                    continue;
                }
                case 'T' -> {
                    regex.append("(\\d{1,2}):(\\d{1,2}):(\\d{1,2})");
                    order.append("HMS");
                    continue;
                }
                case '%' -> {
                    regex.append("%");
                    continue;
                }
                default -> throw new SplException.BadArgument("strptime: " + SplException.unsupported("%" + s));
            }
            order.append(s);
        }
        Matcher m = Pattern.compile(regex.toString()).matcher(text.strip());
        if (!m.lookingAt()) {
            return null;
        }
        int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, doy = -1, offset = 0;
        double frac = 0;
        boolean pm = false, twelve = false;
        for (int g = 0; g < order.length(); g++) {
            String v = m.group(g + 1);
            switch (order.charAt(g)) {
                case 'Y' -> year = Integer.parseInt(v);
                case 'y' -> year = 2000 + Integer.parseInt(v) - (Integer.parseInt(v) >= 69 ? 100 : 0);
                case 'm' -> month = Integer.parseInt(v);
                case 'd', 'e' -> day = Integer.parseInt(v);
                case 'H' -> hour = Integer.parseInt(v);
                case 'I' -> {
                    hour = Integer.parseInt(v) % 12;
                    twelve = true;
                }
                case 'M' -> minute = Integer.parseInt(v);
                case 'S' -> second = Integer.parseInt(v);
                case 'j' -> doy = Integer.parseInt(v);
                case 'N', 'Q' -> frac = Double.parseDouble("0." + v);
                case 's' -> {
                    return Double.parseDouble(v);
                }
                case 'p' -> pm = v.equalsIgnoreCase("pm");
                case 'b', 'B' -> month = monthOf(v);
                case 'z' ->
                    offset = v.equals("Z")
                            ? 0
                            : (v.charAt(0) == '-' ? -1 : 1)
                                    * (Integer.parseInt(v.substring(1, 3)) * 3600
                                            + Integer.parseInt(v.substring(v.length() - 2)) * 60);
                default -> {
                    // %a %A %Z carry no information beyond the date
                }
            }
        }
        if (twelve && pm) {
            hour += 12;
        }
        try {
            LocalDate date = doy > 0 ? LocalDate.ofYearDay(year, doy) : LocalDate.of(year, month, day);
            LocalDateTime dt = date.atTime(hour, minute, second);
            return dt.toEpochSecond(ZoneOffset.UTC) - offset + frac;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int monthOf(String name) {
        String n = name.substring(0, Math.min(3, name.length())).toLowerCase();
        String all = "janfebmaraprmayjunjulaugsepoctnovdec";
        int i = all.indexOf(n);
        return i < 0 || i % 3 != 0 ? 1 : i / 3 + 1;
    }
}
