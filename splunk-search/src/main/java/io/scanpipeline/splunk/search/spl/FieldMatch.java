package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.Values;
import java.util.regex.Pattern;

/** One value test of the search language: case-insensitive, {@code *} wildcards, numeric order when both are numbers. */
final class FieldMatch {
    private final String op;
    private final String value;
    private final Pattern glob;
    private final Double number;

    FieldMatch(String op, String value, boolean quoted) {
        this.op = op;
        this.value = value;
        this.glob = value.contains("*") ? glob(value) : null;
        this.number = Values.parseNumber(value);
    }

    static Pattern glob(String value) {
        StringBuilder r = new StringBuilder();
        String[] parts = value.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                r.append(".*");
            }
            r.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(r.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.UNICODE_CASE);
    }

    boolean matches(String actual) {
        if (op.equals("=")) {
            if (glob != null) {
                return glob.matcher(actual).matches();
            }
            if (actual.equalsIgnoreCase(value)) {
                return true;
            }
            Double a = Values.parseNumber(actual);
            return number != null && a != null && a.doubleValue() == number.doubleValue();
        }
        Double a = Values.parseNumber(actual);
        int c = number != null && a != null ? Double.compare(a, number) : actual.compareToIgnoreCase(value);
        return switch (op) {
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalStateException(op);
        };
    }
}
