package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The small row commands: head, tail, fillnull, makeresults, mvexpand. */
final class SimpleCommands {
    private SimpleCommands() {}

    /** {@code head [N] | head limit=N} (default 10); {@code tail [N]} returns the last N in reverse order, as Splunk. */
    static Command headOrTail(String name, String argText) {
        Args a = new Args(name, argText);
        int n = 10;
        if (name.equals("head")) {
            Map<String, String> o = a.options(Set.of("limit", "null", "keeplast"));
            if (o.containsKey("null") || o.containsKey("keeplast")) {
                throw a.bad(SplException.unsupported("null=/keeplast="));
            }
            if (o.containsKey("limit")) {
                n = Args.integer(a, "limit", o.get("limit"));
            }
        }
        if (!a.done()) {
            Token t = a.next();
            if (t.kind() == Token.Kind.LPAREN) {
                throw a.bad(SplException.unsupported(name + " (<eval-expression>)"));
            }
            if (!t.text().matches("\\d+")) {
                throw a.bad("expected a number of results, got '" + t.text() + "'");
            }
            n = Integer.parseInt(t.text());
        }
        a.expectDone();
        int count = n;
        boolean tail = name.equals("tail");
        return (in, ctx) -> {
            List<Rec> rows = in.rows();
            List<Rec> out;
            if (tail) {
                out = new ArrayList<>(rows.subList(Math.max(0, rows.size() - count), rows.size()));
                Collections.reverse(out);
            } else {
                out = new ArrayList<>(rows.subList(0, Math.min(count, rows.size())));
            }
            return new Results(out, in.fields());
        };
    }

    /** {@code fillnull [value=<string>] [field-list]}: default value 0; without fields, every field of the results. */
    static Command fillnull(String argText) {
        Args a = new Args("fillnull", argText);
        Map<String, String> o = a.options(Set.of("value"));
        List<String> fields = a.fieldList(Set.of());
        o.putAll(a.options(Set.of("value")));
        a.expectDone();
        String value = o.getOrDefault("value", "0");
        return (in, ctx) -> {
            List<String> targets = fields.isEmpty() ? in.withFieldsOfRows().fields() : fields;
            for (Rec r : in.rows()) {
                for (String f : targets) {
                    if (!r.has(f)) {
                        r.put(f, value);
                    }
                }
            }
            targets.forEach(in::addField);
            return in;
        };
    }

    /** {@code makeresults [count=N]}: N results with only {@code _time} (the search time). */
    static Command makeresults(String argText) {
        Args a = new Args("makeresults", argText);
        Map<String, String> o = a.options(Set.of("count", "annotate", "splunk_server", "splunk_server_group"));
        a.expectDone();
        if (o.containsKey("annotate") && Args.bool(a, "annotate", o.get("annotate"))) {
            throw a.bad(SplException.unsupported("annotate=true"));
        }
        int n = Args.integer(a, "count", o.getOrDefault("count", "1"));
        return (in, ctx) -> {
            List<Rec> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Rec r = new Rec();
                r.put("_time", Long.toString(ctx.now().getEpochSecond()));
                rows.add(r);
            }
            return new Results(rows, List.of("_time"));
        };
    }

    /** {@code mvexpand <field> [limit=N]}: one result per value; results lacking the field are dropped. */
    static Command mvexpand(String argText) {
        Args a = new Args("mvexpand", argText);
        Map<String, String> o = a.options(Set.of("limit"));
        List<String> fields = a.fieldList(Set.of());
        o.putAll(a.options(Set.of("limit")));
        a.expectDone();
        if (fields.size() != 1) {
            throw a.bad("expects exactly one field, got " + fields);
        }
        String field = fields.get(0);
        int limit = o.containsKey("limit") ? Args.integer(a, "limit", o.get("limit")) : Integer.MAX_VALUE;
        return (in, ctx) -> {
            List<Rec> out = new ArrayList<>();
            for (Rec r : in.rows()) {
                List<String> v = r.get(field);
                if (v == null) {
                    continue;
                }
                for (String x : v.subList(0, Math.min(limit, v.size()))) {
                    Rec c = r.copy();
                    c.put(field, x);
                    out.add(c);
                }
            }
            return new Results(out, in.fields());
        };
    }
}
