package io.scanpipeline.splunkapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields an SPL search reads, for the searches of this app: base-search comparisons, stats/timechart/tstats/chart
 * arguments and split-by fields, eval and where expressions (quoted 'a.b' paths too), dedup, table, fields, fillnull,
 * sort and rename. Fields the search creates itself (eval x=, ... as x, rename ... as x) are left out, and so are
 * Splunk's own (_time, index, ...). A small reader for the commands this app uses, not a full SPL parser: a command it
 * does not know fails {@link #fieldsRead} so that it gets taught rather than ignored.
 */
final class SplFields {

    private static final Set<String> KNOWN_COMMANDS = Set.of(
            "search",
            "eval",
            "where",
            "stats",
            "timechart",
            "tstats",
            "dedup",
            "table",
            "fields",
            "sort",
            "rename",
            "head",
            "chart",
            "fillnull");
    private static final Set<String> KEYWORDS = Set.of("by", "as", "and", "or", "not", "in", "where", "over");
    private static final Set<String> SPLUNK_FIELDS =
            Set.of("_time", "_indextime", "_raw", "index", "sourcetype", "source", "host", "count");
    private static final Set<String> OPTIONS =
            Set.of("span", "limit", "useother", "usenull", "bins", "output", "path", "input", "value");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern TOKEN = Pattern.compile("\\$[^$\\s]+\\$");
    private static final Pattern MACRO = Pattern.compile("`[^`]*`");
    private static final Pattern IDENTIFIER = Pattern.compile("'([^']+)'|([A-Za-z_][A-Za-z0-9_.{}]*)");
    private static final Pattern AS = Pattern.compile("(?i)\\bas\\s+([A-Za-z_][A-Za-z0-9_.{}]*)");

    private SplFields() {}

    /** The fields {@code query} reads and does not create itself. */
    static Set<String> fieldsRead(String query) {
        List<String> segments = segments(clean(query));
        Set<String> created = new TreeSet<>();
        Set<String> read = new TreeSet<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i).trim();
            if (segment.isEmpty()) {
                continue;
            }
            String command = segment.split("\\s+")[0].toLowerCase(Locale.ROOT);
            String rest = segment.substring(segment.split("\\s+")[0].length());
            if (i == 0 && !KNOWN_COMMANDS.contains(command)) {
                // the base search: field=value terms
                command = "search";
                rest = segment;
            }
            if (!KNOWN_COMMANDS.contains(command)) {
                throw new AssertionError("teach SplFields the command '" + command + "' in: " + query);
            }
            if (command.equals("eval")) {
                // each assignment reads first (its own target too, as in eventId=mvindex(eventId, 0)), then creates
                for (String assignment : topLevel(rest, ',')) {
                    int equals = assignment.indexOf('=');
                    readUnlessCreated(identifiers(assignment.substring(equals + 1)), created, read);
                    created.add(assignment.substring(0, equals).trim());
                }
            } else if (!command.equals("head")) {
                readUnlessCreated(identifiers(AS.matcher(rest).replaceAll(" ")), created, read);
                Matcher as = AS.matcher(rest);
                while (as.find()) {
                    created.add(as.group(1));
                }
            }
        }
        read.removeAll(SPLUNK_FIELDS);
        return read;
    }

    private static void readUnlessCreated(Set<String> names, Set<String> created, Set<String> read) {
        for (String name : names) {
            if (!created.contains(name)) {
                read.add(name);
            }
        }
    }

    private static String clean(String query) {
        String text = MACRO.matcher(query).replaceAll(" ");
        text = TOKEN.matcher(text).replaceAll("X");
        return QUOTED.matcher(text).replaceAll("\"\"");
    }

    private static List<String> segments(String query) {
        return topLevel(query, '|');
    }

    /** Splits at {@code separator} outside parentheses. */
    private static List<String> topLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Set<String> identifiers(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(expression);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                names.add(matcher.group(1));
                continue;
            }
            String name = matcher.group(2);
            String after = expression.substring(matcher.end()).stripLeading();
            boolean function = after.startsWith("(");
            boolean option =
                    after.startsWith("=") && !after.startsWith("==") && OPTIONS.contains(name.toLowerCase(Locale.ROOT));
            boolean literal = matcher.start() > 0 && Character.isDigit(expression.charAt(matcher.start() - 1));
            if (!function
                    && !option
                    && !literal
                    && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))
                    && !name.equals("X")) {
                names.add(name);
            }
        }
        return names;
    }
}
