package io.scanpipeline.splunkapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search macros of macros.conf, expanded as Splunk does: as text, {@code $arg$} replaced by the call's
 * arguments, macros inside definitions expanded too. Unknown macros and wrong arities fail.
 */
final class Macros {

    private static final Pattern CALL = Pattern.compile("`([A-Za-z0-9_]+)(?:\\(([^`]*)\\))?`");

    private final Map<String, Macro> byKey;

    record Macro(String name, List<String> args, String definition) {}

    /** A problem of one macro call in one search. */
    record Misuse(String macro, String problem) {}

    private Macros(Map<String, Macro> byKey) {
        this.byKey = byKey;
    }

    static Macros of(ConfFile macrosConf) {
        Map<String, Macro> macros = new LinkedHashMap<>();
        macrosConf.stanzas().forEach((stanza, settings) -> {
            if (stanza.equals("default")) {
                return;
            }
            Matcher m = Pattern.compile("([A-Za-z0-9_]+)(?:\\((\\d+)\\))?").matcher(stanza);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad macro stanza [" + stanza + "]");
            }
            List<String> args =
                    settings.containsKey("args") ? List.of(settings.get("args").split("\\s*,\\s*")) : List.of();
            int arity = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            if (args.size() != arity) {
                throw new IllegalArgumentException(
                        "[" + stanza + "] declares " + arity + " arguments but args = " + args);
            }
            macros.put(m.group(1) + "/" + arity, new Macro(m.group(1), args, settings.getOrDefault("definition", "")));
        });
        return new Macros(macros);
    }

    /** Every macro of the file. */
    java.util.Collection<Macro> all() {
        return byKey.values();
    }

    boolean has(String name, int arity) {
        return byKey.containsKey(name + "/" + arity);
    }

    Macro get(String name, int arity) {
        return byKey.get(name + "/" + arity);
    }

    /** The search with every macro expanded; misuses are added to {@code problems}. */
    String expand(String spl, List<Misuse> problems) {
        return expand(spl, problems, 0);
    }

    private String expand(String spl, List<Misuse> problems, int depth) {
        if (depth > 20) {
            problems.add(new Misuse("?", "macros nest more than 20 deep (a cycle?)"));
            return spl;
        }
        Matcher m = CALL.matcher(spl);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(spl, last, m.start());
            last = m.end();
            String name = m.group(1);
            List<String> args = m.group(2) == null ? List.of() : splitArgs(m.group(2));
            Macro macro = get(name, args.size());
            if (macro == null) {
                problems.add(new Misuse(
                        name, "no macro " + name + " with " + args.size() + " argument(s) in " + "macros.conf"));
                out.append(m.group());
                continue;
            }
            String body = macro.definition();
            for (int i = 0; i < args.size(); i++) {
                body = body.replace("$" + macro.args().get(i) + "$", args.get(i));
            }
            String expanded = expand(body, problems, depth + 1);
            String after = spl.substring(m.end()).stripLeading();
            if (hasTopLevelPipe(expanded)
                    && !(after.isEmpty() || after.startsWith("|") || after.startsWith("]") || after.startsWith(")"))) {
                String next = after.length() > 40 ? after.substring(0, 40) + "..." : after;
                problems.add(new Misuse(
                        name,
                        "its expansion ends in a pipe command, so the terms written after it (" + next
                                + ") become arguments of that command: " + expanded));
            }
            out.append(expanded);
        }
        out.append(spl.substring(last));
        return out.toString();
    }

    /** The macro calls written in {@code spl} (not those inside definitions): name and arity. */
    static List<String> callsIn(String spl) {
        List<String> calls = new ArrayList<>();
        Matcher m = CALL.matcher(spl);
        while (m.find()) {
            calls.add(m.group(1) + "/"
                    + (m.group(2) == null ? 0 : splitArgs(m.group(2)).size()));
        }
        return calls;
    }

    static boolean hasTopLevelPipe(String spl) {
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < spl.length(); i++) {
            char c = spl.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '(')) {
                depth++;
            } else if (!quoted && (c == ']' || c == ')')) {
                depth--;
            } else if (!quoted && depth == 0 && c == '|') {
                return true;
            }
        }
        return false;
    }

    private static List<String> splitArgs(String text) {
        List<String> args = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                args.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        args.add(text.substring(start).strip());
        return args;
    }
}
