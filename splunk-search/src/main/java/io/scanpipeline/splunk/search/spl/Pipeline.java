package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.List;

/** Splits a search at its top-level pipes into commands; the first is an implicit {@code search} unless it starts with "|". */
public final class Pipeline {
    /** One command as written: its name and its argument text. */
    public record Segment(String name, String args) {}

    private Pipeline() {}

    public static List<Segment> split(String spl) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < spl.length(); i++) {
            char c = spl.charAt(i);
            if (c == '"' && (i == 0 || spl.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                throw new SplException.UnknownCommand(SplException.unsupported("subsearch [...]"));
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == '|') {
                parts.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (quoted) {
            throw new SplException.SyntaxError("unbalanced quotes in '" + spl + "'");
        }
        if (depth != 0) {
            throw new SplException.SyntaxError("unbalanced parentheses in '" + spl + "'");
        }
        parts.add(cur.toString());
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i).strip();
            if (i == 0 && p.isEmpty() && parts.size() > 1) {
                continue;
            }
            if (i == 0 && parts.size() >= 1 && !spl.strip().startsWith("|")) {
                String[] nw = p.split("\\s+", 2);
                if (nw[0].equals("search")) {
                    out.add(new Segment("search", nw.length > 1 ? nw[1] : ""));
                } else {
                    out.add(new Segment("search", p));
                }
                continue;
            }
            if (p.isEmpty()) {
                throw new SplException.SyntaxError("empty command after '|' in '" + spl + "'");
            }
            String[] nw = p.split("\\s+", 2);
            out.add(new Segment(nw[0], nw.length > 1 ? nw[1] : ""));
        }
        return out;
    }
}
