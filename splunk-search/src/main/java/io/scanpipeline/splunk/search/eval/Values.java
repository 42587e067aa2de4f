package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Splunk's eval value model: {@code null}, a string, a number ({@link Double}, or {@link BigDecimal} when a fixed
 * number of decimals must be printed, as {@code round(x, 2)} does), a boolean (only inside expressions; a field
 * cannot hold one) and a multivalue ({@code List<String>} of two or more values). Field values are strings and take
 * part in arithmetic when they read as numbers, as Splunk's auto-typed fields do.
 */
public final class Values {
    private Values() {}

    /** A field's values as an eval value: null when absent, a string for one value, a list for several. */
    public static Object ofField(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : List.copyOf(values);
    }

    /** The number a value stands for, or null (not numeric, a multivalue, null). */
    public static Double num(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return parseNumber(s);
        }
        return null;
    }

    public static Double parseNumber(String s) {
        String t = s.strip();
        if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith("."))) {
            return null;
        }
        char c = t.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static boolean isNumeric(String s) {
        return parseNumber(s) != null;
    }

    /** The text of a single value; null for null. A multivalue has no single text (null). */
    public static String str(Object v) {
        if (v == null || v instanceof List<?>) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Number n) {
            return formatNumber(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return (String) v;
    }

    /** Numbers as Splunk prints them: integral results without ".0", no exponent. */
    public static String formatNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** Every value of a value: a multivalue's list, a single value's text, nothing for null. */
    @SuppressWarnings("unchecked")
    public static List<String> list(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return (List<String>) l;
        }
        String s = str(v);
        return s == null ? List.of() : List.of(s);
    }

    /** A value as field values; null removes the field. A boolean cannot be stored, as in Splunk. */
    public static List<String> toField(Object v, String field) {
        if (v instanceof Boolean) {
            throw new SplException.BadArgument("eval: the result for field '" + field
                    + "' is a boolean; fields cannot be assigned a boolean result, use if(<bool>, <a>, <b>)");
        }
        if (v == null) {
            return null;
        }
        List<String> l = list(v);
        return l.isEmpty() ? null : l;
    }

    /** A list value, collapsing to a single string or null as Splunk does. */
    public static Object mv(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : new ArrayList<>(values);
    }

    /** Truth in where/if: booleans; anything else is an error, as Splunk's typechecker says. */
    public static boolean truth(Object v, String where) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new SplException.BadArgument(where + ": the expression does not return a boolean, got '" + str(v) + "'");
    }
}
