package io.scanpipeline.splunk.search.conf;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.EvalContext;
import io.scanpipeline.splunk.search.eval.ExprParser;
import io.scanpipeline.splunk.search.eval.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Search macros from macros.conf, expanded as text before the search is parsed, exactly as Splunk does:
 * {@code `name`} uses stanza {@code [name]}, {@code `name(a,b)`} uses {@code [name(2)]} with {@code args = x, y}
 * and {@code $x$} substituted; {@code validation}/{@code errormsg} are checked; {@code iseval = 1} evaluates the
 * definition; the result is expanded again (recursion ends after 50 levels). An unknown macro or a wrong number of
 * arguments is an error naming the macro. Backticks inside double-quoted strings are left alone.
 */
public final class Macros {
    private static final int MAX_DEPTH = 50;
    private final ConfFile conf;

    public Macros(ConfFile conf) {
        this.conf = conf;
    }

    public String expand(String spl) {
        return expand(spl, 0);
    }

    private String expand(String spl, int depth) {
        if (spl.indexOf('`') < 0) {
            return spl;
        }
        if (depth > MAX_DEPTH) {
            throw new SplException.MacroError(
                    "macro expansion exceeded " + MAX_DEPTH + " levels (a macro that uses itself?)");
        }
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < spl.length(); i++) {
            char c = spl.charAt(i);
            if (c == '"' && (i == 0 || spl.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c != '`' || quoted) {
                out.append(c);
                continue;
            }
            int end = spl.indexOf('`', i + 1);
            if (end < 0) {
                throw new SplException.MacroError("unbalanced backtick in '" + spl + "'");
            }
            out.append(expand(one(spl.substring(i + 1, end).strip()), depth + 1));
            i = end;
        }
        return out.toString();
    }

    private String one(String call) {
        String name = call;
        List<String> args = new ArrayList<>();
        int paren = call.indexOf('(');
        if (paren >= 0) {
            if (!call.endsWith(")")) {
                throw new SplException.MacroError("macro call '" + call + "' lacks its closing ')'");
            }
            name = call.substring(0, paren).strip();
            args = splitArgs(call.substring(paren + 1, call.length() - 1));
        }
        String stanza = args.isEmpty() ? name : name + "(" + args.size() + ")";
        if (!conf.has(stanza)) {
            String base = name;
            List<String> others = conf.stanzaNames().stream()
                    .filter(s -> s.equals(base) || s.startsWith(base + "("))
                    .toList();
            throw new SplException.MacroError("macro '" + stanza + "' is not defined"
                    + (others.isEmpty()
                            ? ""
                            : " (defined: " + String.join(", ", others) + "; wrong number of arguments)"));
        }
        Map<String, String> st = conf.stanza(stanza);
        String definition = st.get("definition");
        if (definition == null) {
            throw new SplException.MacroError("macro '" + stanza + "' has no definition");
        }
        List<String> names = new ArrayList<>();
        String declared = st.getOrDefault("args", "").strip();
        if (!declared.isEmpty()) {
            for (String a : declared.split(",")) {
                names.add(a.strip());
            }
        }
        if (names.size() != args.size()) {
            throw new SplException.MacroError("macro '" + stanza + "' declares " + names.size() + " arguments ("
                    + declared + ") but was called with " + args.size());
        }
        String validation = st.get("validation");
        for (int i = 0; i < names.size(); i++) {
            definition = definition.replace("$" + names.get(i) + "$", args.get(i));
            if (validation != null) {
                validation = validation.replace("$" + names.get(i) + "$", args.get(i));
            }
        }
        if (validation != null && !validation.isBlank()) {
            Object ok = ExprParser.parse(validation).eval(NO_FIELDS);
            if (!Boolean.TRUE.equals(ok)) {
                throw new SplException.MacroError(
                        "macro '" + stanza + "': " + st.getOrDefault("errormsg", "validation failed: " + validation));
            }
        }
        if (ConfFile.bool(st.get("iseval"), false)) {
            Object v = ExprParser.parse(definition).eval(NO_FIELDS);
            String s = Values.str(v);
            if (s == null) {
                throw new SplException.MacroError("macro '" + stanza + "': the eval definition returned no string");
            }
            definition = s;
        }
        return definition;
    }

    private static List<String> splitArgs(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                args.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (!text.isBlank() || !args.isEmpty()) {
            args.add(cur.toString().strip());
        }
        return args;
    }

    private static final EvalContext NO_FIELDS = new EvalContext() {
        @Override
        public List<String> field(String name) {
            return null;
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public boolean searchMatch(String search) {
            return false;
        }
    };
}
