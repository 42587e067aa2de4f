package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.Expr;
import io.scanpipeline.splunk.search.eval.ExprParser;
import io.scanpipeline.splunk.search.eval.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One aggregation of stats/eventstats/timechart/chart/tstats: {@code fn}, {@code fn(field)} or
 * {@code fn(eval(expr))}, with an optional {@code AS name}. Named as written, e.g. {@code count(eventId)}.
 */
public record AggTerm(String function, double percentile, String field, Expr evalExpr, String name) {
    private static final Set<String> FUNCTIONS = Set.of(
            "count",
            "c",
            "dc",
            "distinct_count",
            "sum",
            "avg",
            "mean",
            "min",
            "max",
            "median",
            "stdev",
            "range",
            "values",
            "list",
            "first",
            "last",
            "earliest",
            "latest",
            "mode");
    private static final Set<String> UNSUPPORTED = Set.of(
            "stdevp",
            "var",
            "varp",
            "sumsq",
            "upperperc",
            "estdc",
            "estdc_error",
            "earliest_time",
            "latest_time",
            "rate",
            "per_second",
            "per_minute",
            "per_hour",
            "per_day",
            "sparkline");
    private static final Pattern PERC = Pattern.compile("(perc|p|exactperc)(\\d+(\\.\\d+)?)");

    /** Reads terms until {@code by}/{@code over} (or the end); at least one is required. */
    static List<AggTerm> parseList(Args a, Set<String> stop) {
        List<AggTerm> out = new ArrayList<>();
        while (!a.done()) {
            Token t = a.peek();
            if (t.kind() == Token.Kind.COMMA) {
                a.next();
                continue;
            }
            if (t.kind() == Token.Kind.WORD && stop.contains(t.text().toLowerCase())) {
                break;
            }
            if (a.atOption()) {
                throw a.bad("unexpected option '" + t.text() + "=' among the aggregations");
            }
            out.add(parse(a));
        }
        if (out.isEmpty()) {
            throw a.bad("no aggregation (e.g. count, avg(field))");
        }
        return out;
    }

    static AggTerm parse(Args a) {
        Token t = a.next();
        if (t.kind() != Token.Kind.WORD) {
            throw a.bad("expected an aggregation but got '" + t.text() + "'");
        }
        String fn = t.text();
        String lower = fn.toLowerCase();
        double perc = -1;
        Matcher pm = PERC.matcher(lower);
        if (pm.matches()) {
            perc = Double.parseDouble(pm.group(2));
            if (perc < 0 || perc > 100) {
                throw a.bad("percentile " + fn + " is out of range");
            }
        } else if (UNSUPPORTED.contains(lower)) {
            throw new SplException.UnknownFunction(a.command() + ": " + SplException.unsupported(fn + "()"));
        } else if (!FUNCTIONS.contains(lower)) {
            throw new SplException.UnknownFunction(a.command() + ": unknown function '" + fn + "'");
        }
        String field = null;
        Expr expr = null;
        String name = fn;
        Token open = a.peek();
        if (open != null && open.kind() == Token.Kind.LPAREN && open.start() == t.end()) {
            int depth = 0;
            Token close = null;
            while (!a.done()) {
                Token x = a.next();
                if (x.kind() == Token.Kind.LPAREN) {
                    depth++;
                } else if (x.kind() == Token.Kind.RPAREN && --depth == 0) {
                    close = x;
                    break;
                }
            }
            if (close == null) {
                throw a.bad("missing ')' after '" + fn + "('");
            }
            String inner = a.text().substring(open.end(), close.start()).strip();
            name = fn + "(" + inner + ")";
            Matcher ev = Pattern.compile("(?s)eval\\s*\\((.*)\\)").matcher(inner);
            if (ev.matches()) {
                expr = ExprParser.parse(ev.group(1));
            } else if (inner.isEmpty()) {
                if (!lower.equals("count") && !lower.equals("c")) {
                    throw a.bad(fn + "() needs a field");
                }
                name = fn;
            } else {
                field = inner.startsWith("\"") && inner.endsWith("\"") && inner.length() > 1
                        ? inner.substring(1, inner.length() - 1)
                        : inner;
                if (field.contains("*")) {
                    throw new SplException.BadArgument(
                            a.command() + ": " + SplException.unsupported("wildcard field " + name));
                }
                if (field.contains(" ") || field.contains("(")) {
                    throw a.bad("bad field '" + inner + "' in '" + name + "'");
                }
            }
        } else if (!lower.equals("count") && !lower.equals("c")) {
            throw a.bad(fn + " needs a field, e.g. " + fn + "(x)");
        }
        Token as = a.peek();
        if (as != null && as.isWordIgnoreCase("as")) {
            a.next();
            Token n = a.next();
            if (!n.isValue()) {
                throw a.bad("AS needs a name");
            }
            name = n.text();
        }
        String canonical = pm.matches()
                ? "perc"
                : switch (lower) {
                    case "c" -> "count";
                    case "distinct_count" -> "dc";
                    case "mean" -> "avg";
                    default -> lower;
                };
        return new AggTerm(canonical, perc, field, expr, name);
    }

    /** The values this term reads from one result (every value of a multivalue field). */
    List<String> valuesOf(Rec r, java.time.Instant now) {
        if (evalExpr != null) {
            Object v = evalExpr.eval(new RecContext(r, now));
            if (v == null || Boolean.FALSE.equals(v)) {
                return List.of();
            }
            return v instanceof Boolean ? List.of("1") : Values.list(v);
        }
        if (field == null) {
            return List.of("1");
        }
        List<String> v = r.get(field);
        return v == null ? List.of() : v;
    }

    /** Whether empty cells of timechart/chart are 0 rather than null. */
    boolean zeroWhenEmpty() {
        return function.equals("count") || function.equals("dc");
    }
}
