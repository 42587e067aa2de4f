package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Eval functions: conditional, string and multivalue ones here, numeric and time ones in {@link NumericFunctions}.
 * Arity is checked when the search is parsed; a Splunk function this stand-in lacks is refused by name.
 */
final class Functions {
    /** Real Splunk eval functions this stand-in refuses (others are "unknown"). */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "printf",
            "md5",
            "sha1",
            "sha256",
            "sha512",
            "spath",
            "mvrange",
            "mvzip",
            "mvmap",
            "commands",
            "getfields",
            "random",
            "relative_time_utc",
            "ipmask",
            "json_object",
            "json_array",
            "json_extract_exact",
            "json",
            "json_append",
            "json_extend",
            "json_set",
            "json_keys",
            "json_valid",
            "json_array_to_mv",
            "lookup",
            "tojson",
            "bit_and",
            "bit_or",
            "exp",
            "sigfig",
            "acos",
            "asin",
            "atan",
            "atan2",
            "cos",
            "sin",
            "tan",
            "hypot",
            "pi",
            "mv_to_json_array",
            "cluster",
            "ltrim_chars",
            "base64",
            "isnotnull_all",
            "sum",
            "avg",
            "toarray",
            "tostring_json");

    private Functions() {}

    static Expr call(String name, List<Expr> args, String text) {
        String n = name.toLowerCase();
        Expr e = conditional(n, args);
        if (e == null) {
            e = string(n, args);
        }
        if (e == null) {
            e = MultivalueFunctions.call(n, args);
        }
        if (e == null) {
            e = NumericFunctions.call(n, args);
        }
        if (e != null) {
            return e;
        }
        if (KNOWN_UNSUPPORTED.contains(n)) {
            throw new SplException.UnknownFunction("eval: " + SplException.unsupported(name + "()"));
        }
        throw new SplException.UnknownFunction("eval: unknown function '" + name + "' in '" + text + "'");
    }

    static void arity(String name, List<Expr> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new SplException.BadArgument("eval: " + name + "() takes " + (min == max ? min : min + " to " + max)
                    + " arguments, got " + args.size());
        }
    }

    private static Expr conditional(String n, List<Expr> a) {
        switch (n) {
            case "if":
                arity(n, a, 3, 3);
                return c -> Values.truth(a.get(0).eval(c), "if")
                        ? a.get(1).eval(c)
                        : a.get(2).eval(c);
            case "case":
                if (a.isEmpty() || a.size() % 2 != 0) {
                    throw new SplException.BadArgument(
                            "eval: case() takes pairs of condition and value, got " + a.size());
                }
                return c -> {
                    for (int i = 0; i < a.size(); i += 2) {
                        if (Values.truth(a.get(i).eval(c), "case")) {
                            return a.get(i + 1).eval(c);
                        }
                    }
                    return null;
                };
            case "validate":
                if (a.isEmpty() || a.size() % 2 != 0) {
                    throw new SplException.BadArgument(
                            "eval: validate() takes pairs of condition and string, got " + a.size());
                }
                return c -> {
                    for (int i = 0; i < a.size(); i += 2) {
                        if (!Values.truth(a.get(i).eval(c), "validate")) {
                            return a.get(i + 1).eval(c);
                        }
                    }
                    return null;
                };
            case "coalesce":
                arity(n, a, 1, 100);
                return c -> {
                    for (Expr x : a) {
                        Object v = x.eval(c);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                };
            case "isnull":
                arity(n, a, 1, 1);
                return c -> a.get(0).eval(c) == null;
            case "isnotnull":
                arity(n, a, 1, 1);
                return c -> a.get(0).eval(c) != null;
            case "null":
                arity(n, a, 0, 0);
                return c -> null;
            case "true":
                arity(n, a, 0, 0);
                return c -> true;
            case "false":
                arity(n, a, 0, 0);
                return c -> false;
            case "searchmatch":
                arity(n, a, 1, 1);
                return c -> c.searchMatch(Values.str(a.get(0).eval(c)));
            case "in":
                arity(n, a, 2, 100);
                return c -> {
                    Object v = a.get(0).eval(c);
                    for (Expr x : a.subList(1, a.size())) {
                        if (Boolean.TRUE.equals(Ops.compare("=", v, x.eval(c)))) {
                            return true;
                        }
                    }
                    return false;
                };
            case "like":
                arity(n, a, 2, 2);
                return c -> Ops.like(a.get(0).eval(c), a.get(1).eval(c));
            case "match":
                arity(n, a, 2, 2);
                return c -> {
                    Object v = a.get(0).eval(c);
                    if (v == null) {
                        return null;
                    }
                    Pattern p = Pattern.compile(Values.str(a.get(1).eval(c)));
                    return Values.list(v).stream().anyMatch(s -> p.matcher(s).find());
                };
            default:
                return null;
        }
    }

    /** Applies {@code f} to each value: string functions act on every value of a multivalue field. */
    private static Object each(Object v, Function<String, String> f) {
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : Values.list(v)) {
            String r = f.apply(s);
            if (r != null) {
                out.add(r);
            }
        }
        return Values.mv(out);
    }

    private static Expr string(String n, List<Expr> a) {
        switch (n) {
            case "upper":
                arity(n, a, 1, 1);
                return c -> each(a.get(0).eval(c), String::toUpperCase);
            case "lower":
                arity(n, a, 1, 1);
                return c -> each(a.get(0).eval(c), String::toLowerCase);
            case "len":
                arity(n, a, 1, 1);
                return c -> {
                    String s = Values.str(a.get(0).eval(c));
                    return s == null ? null : (double) s.codePointCount(0, s.length());
                };
            case "trim", "ltrim", "rtrim":
                arity(n, a, 1, 2);
                return c -> {
                    Object chars = a.size() > 1 ? a.get(1).eval(c) : " \t";
                    String set = Values.str(chars);
                    return each(a.get(0).eval(c), s -> trim(s, set, !n.equals("rtrim"), !n.equals("ltrim")));
                };
            case "substr":
                arity(n, a, 2, 3);
                return c -> {
                    String s = Values.str(a.get(0).eval(c));
                    Double start = Values.num(a.get(1).eval(c));
                    if (s == null || start == null) {
                        return null;
                    }
                    int st = start.intValue();
                    int from = st > 0 ? st - 1 : st < 0 ? Math.max(0, s.length() + st) : 0;
                    from = Math.min(from, s.length());
                    int to = s.length();
                    if (a.size() > 2) {
                        Double len = Values.num(a.get(2).eval(c));
                        if (len == null) {
                            return null;
                        }
                        to = Math.min(s.length(), from + Math.max(0, len.intValue()));
                    }
                    return s.substring(from, to);
                };
            case "replace":
                arity(n, a, 3, 3);
                return c -> {
                    Object v = a.get(0).eval(c);
                    String re = Values.str(a.get(1).eval(c)),
                            rep = Values.str(a.get(2).eval(c));
                    if (re == null || rep == null) {
                        return null;
                    }
                    Pattern p = Pattern.compile(re);
                    String javaRep = rep.replace("$", "\\$").replaceAll("\\\\(\\d)", "\\$$1");
                    return each(v, s -> p.matcher(s).replaceAll(javaRep));
                };
            case "split":
                arity(n, a, 2, 2);
                return c -> {
                    String s = Values.str(a.get(0).eval(c)),
                            sep = Values.str(a.get(1).eval(c));
                    if (s == null || sep == null) {
                        return null;
                    }
                    List<String> parts = new ArrayList<>();
                    if (sep.isEmpty()) {
                        s.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
                    } else {
                        int from = 0, at;
                        while ((at = s.indexOf(sep, from)) >= 0) {
                            parts.add(s.substring(from, at));
                            from = at + sep.length();
                        }
                        parts.add(s.substring(from));
                    }
                    return Values.mv(parts);
                };
            case "json_extract":
                return JsonExtract.call(a);
            case "urldecode":
                arity(n, a, 1, 1);
                return c -> each(
                        a.get(0).eval(c), s -> java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8));
            case "typeof":
                arity(n, a, 1, 1);
                return c -> {
                    Object v = a.get(0).eval(c);
                    if (v == null) {
                        return "Invalid";
                    }
                    if (v instanceof Boolean) {
                        return "Boolean";
                    }
                    if (v instanceof List<?>) {
                        return "Multivalue";
                    }
                    return Values.num(v) != null ? "Number" : "String";
                };
            case "isnum":
                arity(n, a, 1, 1);
                return c -> Values.num(a.get(0).eval(c)) != null;
            case "isint":
                arity(n, a, 1, 1);
                return c -> {
                    Double d = Values.num(a.get(0).eval(c));
                    return d != null && d == Math.rint(d);
                };
            case "isstr":
                arity(n, a, 1, 1);
                return c -> {
                    Object v = a.get(0).eval(c);
                    return v instanceof String s && Values.num(s) == null;
                };
            default:
                return null;
        }
    }

    private static String trim(String s, String set, boolean left, boolean right) {
        int b = 0, e = s.length();
        while (left && b < e && set.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (right && e > b && set.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }
}
