package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.util.List;
import java.util.regex.Pattern;

/** Eval operators with Splunk's null and multivalue semantics. */
final class Ops {
    private Ops() {}

    /**
     * Comparison: numeric when both sides are numbers, otherwise case-sensitive string comparison; null on either
     * side makes it false (so {@code where} drops the result, and {@code NOT} of it is true, as in Splunk); a
     * multivalue matches when any value does.
     */
    static Object compare(String op, Object a, Object b) {
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof List<?> || b instanceof List<?>) {
            for (String x : Values.list(a)) {
                for (String y : Values.list(b)) {
                    if (Boolean.TRUE.equals(compare(op, x, y))) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            if (!op.equals("=") && !op.equals("==") && !op.equals("!=")) {
                throw new SplException.BadArgument("eval: cannot order booleans with '" + op + "'");
            }
            boolean eq = Values.str(a).equals(Values.str(b));
            return op.equals("!=") != eq;
        }
        Double x = Values.num(a), y = Values.num(b);
        int c;
        if (x != null && y != null) {
            c = Double.compare(x, y);
        } else {
            c = Values.str(a).compareTo(Values.str(b));
        }
        return switch (op) {
            case "=", "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            default -> c >= 0;
        };
    }

    /** + - * / % and the concatenation operator "."; null in, null out. */
    static Object arithmetic(String op, Object a, Object b) {
        if (a == null || b == null || a instanceof List<?> || b instanceof List<?>) {
            return null;
        }
        if (op.equals(".")) {
            return Values.str(a) + Values.str(b);
        }
        Double x = Values.num(a), y = Values.num(b);
        if (x == null || y == null) {
            if (op.equals("+") && !(a instanceof Boolean) && !(b instanceof Boolean)) {
                // Splunk's + concatenates when either side is a string
                return Values.str(a) + Values.str(b);
            }
            return null;
        }
        double r = switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> y == 0 ? Double.NaN : x / y;
            default -> y == 0 ? Double.NaN : x % y;
        };
        return Double.isNaN(r) || Double.isInfinite(r) ? null : r;
    }

    /** SQL LIKE: % any run, _ one character; case-sensitive. */
    static Object like(Object value, Object pattern) {
        if (value == null || pattern == null) {
            return false;
        }
        Pattern p = likePattern(Values.str(pattern));
        for (String v : Values.list(value)) {
            if (p.matcher(v).matches()) {
                return true;
            }
        }
        return false;
    }

    static Pattern likePattern(String like) {
        StringBuilder r = new StringBuilder();
        for (char ch : like.toCharArray()) {
            if (ch == '%') {
                r.append(".*");
            } else if (ch == '_') {
                r.append('.');
            } else {
                r.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(r.toString(), Pattern.DOTALL);
    }
}
