package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.Expr;
import io.scanpipeline.splunk.search.eval.ExprParser;
import io.scanpipeline.splunk.search.eval.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code eval f=expr [, g=expr ...]}: assignments in order, each seeing the previous ones; a null result removes
 * the field; a boolean result is an error, as in Splunk.
 */
final class EvalCommand implements Command {
    private record Assignment(String field, Expr expr) {}

    private final List<Assignment> assignments = new ArrayList<>();

    EvalCommand(String args) {
        for (String part : splitTopLevel(args, ',')) {
            int eq = assignmentEquals(part);
            if (eq < 0) {
                throw new SplException.BadArgument(
                        "eval: expected '<field>=<expression>' but got '" + part.strip() + "'");
            }
            String field = part.substring(0, eq).strip();
            if (field.length() >= 2
                    && (field.startsWith("'") && field.endsWith("'")
                            || field.startsWith("\"") && field.endsWith("\""))) {
                field = field.substring(1, field.length() - 1);
            }
            if (field.isEmpty() || field.contains(" ")) {
                throw new SplException.BadArgument("eval: bad field name '" + field + "' in '" + part.strip() + "'");
            }
            assignments.add(new Assignment(field, ExprParser.parse(part.substring(eq + 1))));
        }
        if (assignments.isEmpty()) {
            throw new SplException.BadArgument("eval: no assignment");
        }
    }

    private static int assignmentEquals(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                quoted = !quoted;
            } else if (!quoted
                    && c == '='
                    && (i + 1 >= s.length() || s.charAt(i + 1) != '=')
                    && (i == 0 || "!<>=".indexOf(s.charAt(i - 1)) < 0)) {
                return i;
            }
        }
        return -1;
    }

    static List<String> splitTopLevel(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < s.length()) {
                    cur.append(c).append(s.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == sep && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        for (Rec r : in.rows()) {
            RecContext c = new RecContext(r, ctx.now());
            for (Assignment a : assignments) {
                r.put(a.field(), Values.toField(a.expr().eval(c), a.field()));
            }
        }
        assignments.forEach(a -> in.addField(a.field()));
        return in;
    }
}
