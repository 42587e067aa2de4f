package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.conf.Lookup;
import io.scanpipeline.splunk.search.conf.LookupClause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code lookup} (explicit, over the app's transforms or lookup files) and {@code inputlookup}. */
final class LookupCommands {
    private LookupCommands() {}

    /** {@code lookup [local=b] [update=b] <lookup> <in> [AS f] ... [OUTPUT|OUTPUTNEW <out> [AS f] ...]}. */
    static Command lookup(String argText) {
        Args a = new Args("lookup", argText);
        a.options(Set.of("local", "update"));
        List<String> words = new ArrayList<>();
        while (!a.done()) {
            Token t = a.next();
            if (!t.isValue() && t.kind() != Token.Kind.COMMA) {
                throw a.bad("unexpected '" + t.text() + "'");
            }
            words.add(t.text());
        }
        LookupClause clause = LookupClause.parse("lookup", words);
        return (in, ctx) -> {
            Lookup l = ctx.app().lookup(clause.lookup());
            for (Rec r : in.rows()) {
                l.apply(r, clause.inputs(), clause.outputs(), clause.outputNew());
            }
            return in.withFieldsOfRows();
        };
    }

    /** {@code inputlookup [append=b] [start=N] [max=N] <lookup> [WHERE <search>]}: the table's rows, in file order. */
    static Command inputlookup(String argText, boolean first) {
        Args a = new Args("inputlookup", argText);
        Map<String, String> o = a.options(Set.of("append", "start", "max"));
        if (a.done()) {
            throw a.bad("no lookup given");
        }
        String name = a.next().text();
        SearchFilter where = null;
        if (!a.done()) {
            if (!a.peek().isWordIgnoreCase("where")) {
                throw a.bad("unexpected '" + a.peek().text() + "'");
            }
            a.next();
            where = SearchFilter.parse("inputlookup", a.restTokens());
        }
        boolean append = Args.bool(a, "append", o.getOrDefault("append", "false"));
        if (!first && !append) {
            throw a.bad("must be the first command (or use append=true)");
        }
        int start = Args.integer(a, "start", o.getOrDefault("start", "0"));
        int max = Args.integer(a, "max", o.getOrDefault("max", "1000000000"));
        SearchFilter filter = where;
        return (in, ctx) -> {
            Lookup l = ctx.app().lookup(name);
            List<Rec> rows = new ArrayList<>(append ? in.rows() : List.of());
            List<Map<String, String>> table = l.table().rows();
            int taken = 0;
            for (int i = start; i < table.size() && taken < max; i++) {
                Rec r = new Rec();
                table.get(i).forEach((k, v) -> {
                    if (!v.isEmpty()) {
                        r.put(k, v);
                    }
                });
                if (filter == null || filter.test(r)) {
                    rows.add(r);
                    taken++;
                }
            }
            List<String> fields = new ArrayList<>(append ? in.fields() : List.of());
            l.table().header().forEach(h -> {
                if (!fields.contains(h)) {
                    fields.add(h);
                }
            });
            return new Results(rows, fields);
        };
    }

    static SplException notFirst(String name) {
        return new SplException.BadArgument(name + ": must be the first command of the search (after '|')");
    }
}
