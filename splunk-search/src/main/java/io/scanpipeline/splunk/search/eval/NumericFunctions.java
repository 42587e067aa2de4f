package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Numeric, conversion and time eval functions. */
final class NumericFunctions {
    private NumericFunctions() {}

    static Expr call(String n, List<Expr> a) {
        switch (n) {
            case "round":
                Functions.arity(n, a, 1, 2);
                return c -> {
                    Double x = Values.num(a.get(0).eval(c));
                    if (x == null) {
                        return null;
                    }
                    int digits = a.size() > 1 ? Values.num(a.get(1).eval(c)).intValue() : 0;
                    // half away from zero; a fixed number of decimals is printed, as Splunk does
                    BigDecimal r = new BigDecimal(Double.toString(x)).setScale(digits, RoundingMode.HALF_UP);
                    return digits == 0 ? (Object) r.doubleValue() : r;
                };
            case "floor":
                return unary(n, a, Math::floor);
            case "ceil", "ceiling":
                return unary(n, a, Math::ceil);
            case "abs":
                return unary(n, a, Math::abs);
            case "sqrt":
                return unary(n, a, Math::sqrt);
            case "ln":
                return unary(n, a, Math::log);
            case "exact":
                Functions.arity(n, a, 1, 1);
                return c -> a.get(0).eval(c);
            case "pow":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    Double x = Values.num(a.get(0).eval(c)),
                            y = Values.num(a.get(1).eval(c));
                    return x == null || y == null ? null : finite(Math.pow(x, y));
                };
            case "log":
                Functions.arity(n, a, 1, 2);
                return c -> {
                    Double x = Values.num(a.get(0).eval(c));
                    Double base = a.size() > 1 ? Values.num(a.get(1).eval(c)) : Double.valueOf(10);
                    return x == null || base == null ? null : finite(Math.log(x) / Math.log(base));
                };
            case "max", "min":
                Functions.arity(n, a, 1, 100);
                return c -> extreme(n.equals("max"), a, c);
            case "tonumber":
                Functions.arity(n, a, 1, 2);
                return c -> {
                    String s = Values.str(a.get(0).eval(c));
                    if (s == null) {
                        return null;
                    }
                    int base = a.size() > 1 ? Values.num(a.get(1).eval(c)).intValue() : 10;
                    if (base == 10) {
                        return Values.parseNumber(s);
                    }
                    try {
                        return (double) Long.parseLong(s.strip().replaceFirst("^0[xX]", ""), base);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                };
            case "tostring":
                Functions.arity(n, a, 1, 2);
                return c -> tostring(
                        a.get(0).eval(c), a.size() > 1 ? Values.str(a.get(1).eval(c)) : null);
            case "now":
                Functions.arity(n, a, 0, 0);
                return c -> (double) c.now().getEpochSecond();
            case "time":
                Functions.arity(n, a, 0, 0);
                return c -> {
                    Instant t = Instant.now();
                    return new BigDecimal(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano() / 1000, 6));
                };
            case "relative_time":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    Double t = Values.num(a.get(0).eval(c));
                    String m = Values.str(a.get(1).eval(c));
                    if (t == null || m == null) {
                        return null;
                    }
                    Instant base = Instant.ofEpochSecond((long) Math.floor(t), (long) ((t - Math.floor(t)) * 1e9));
                    Instant r = TimeModifier.resolve(m, base);
                    return r.getEpochSecond() + r.getNano() / 1e9;
                };
            case "strftime":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    Double t = Values.num(a.get(0).eval(c));
                    String f = Values.str(a.get(1).eval(c));
                    return t == null || f == null ? null : StrTime.format(t, f);
                };
            case "strptime":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    String s = Values.str(a.get(0).eval(c)),
                            f = Values.str(a.get(1).eval(c));
                    return s == null || f == null ? null : StrTime.parse(s, f);
                };
            case "cidrmatch":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    String cidr = Values.str(a.get(0).eval(c)),
                            ip = Values.str(a.get(1).eval(c));
                    return cidr == null || ip == null ? null : cidrMatch(cidr, ip);
                };
            default:
                return null;
        }
    }

    private static Expr unary(String n, List<Expr> a, DoubleUnaryOperator f) {
        Functions.arity(n, a, 1, 1);
        return c -> {
            Double x = Values.num(a.get(0).eval(c));
            return x == null ? null : finite(f.applyAsDouble(x));
        };
    }

    private static Double finite(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** max/min: numbers compare as numbers and rank below strings, strings lexicographically (Splunk's rule). */
    private static Object extreme(boolean max, List<Expr> a, EvalContext c) {
        Object best = null;
        for (Expr e : a) {
            for (String s : Values.list(e.eval(c))) {
                Object v = Values.num(s) != null ? (Object) Values.num(s) : s;
                if (best == null || (max ? rank(v, best) > 0 : rank(v, best) < 0)) {
                    best = v;
                }
            }
        }
        return best;
    }

    private static int rank(Object x, Object y) {
        if (x instanceof Double dx && y instanceof Double dy) {
            return Double.compare(dx, dy);
        }
        if (x instanceof Double) {
            return -1;
        }
        if (y instanceof Double) {
            return 1;
        }
        return ((String) x).compareTo((String) y);
    }

    private static Object tostring(Object v, String format) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            // tostring(1==1) is "True", as the conversion functions documentation shows
            return b ? "True" : "False";
        }
        if (format == null) {
            return Values.str(v);
        }
        Double d = Values.num(v);
        if (d == null) {
            return Values.str(v);
        }
        switch (format) {
            case "hex":
                return "0x" + Long.toHexString(d.longValue()).toUpperCase();
            case "commas": {
                BigDecimal r = BigDecimal.valueOf(d).setScale(d == Math.rint(d) ? 0 : 2, RoundingMode.HALF_UP);
                return String.format(
                        java.util.Locale.US,
                        r.scale() == 0 ? "%,d" : "%,.2f",
                        r.scale() == 0 ? (Object) r.longValue() : (Object) r.doubleValue());
            }
            case "duration": {
                long s = d.longValue();
                long days = s / 86400;
                String hms = String.format("%02d:%02d:%02d", (s % 86400) / 3600, (s % 3600) / 60, s % 60);
                return days > 0 ? days + "+" + hms : hms;
            }
            default:
                throw new SplException.BadArgument(
                        "eval: tostring() format must be hex, commas or duration, got '" + format + "'");
        }
    }

    private static boolean cidrMatch(String cidr, String ip) {
        String[] parts = cidr.split("/");
        long net = ipv4(parts[0]), addr = ipv4(ip);
        if (net < 0 || addr < 0) {
            return false;
        }
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (net & mask) == (addr & mask);
    }

    private static long ipv4(String s) {
        String[] o = s.strip().split("\\.");
        if (o.length != 4) {
            return -1;
        }
        long r = 0;
        for (String x : o) {
            try {
                int v = Integer.parseInt(x);
                if (v < 0 || v > 255) {
                    return -1;
                }
                r = r * 256 + v;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return r;
    }
}
