package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sort [N] [limit=N] [+|-]<field> | num(f) | str(f) | auto(f) ... [desc|d]}: auto order compares numbers
 * numerically and before strings; results lacking the field sort last; default limit 10000 (0 = all), as Splunk.
 */
final class SortCommand implements Command {
    private record Key(String field, String mode, boolean descending) {}

    private final List<Key> keys = new ArrayList<>();
    private final int limit;

    SortCommand(String argText) {
        this(new Args("sort", argText), "sort", true);
    }

    SortCommand(Args a, String name, boolean allowCount) {
        int n = 10000;
        if (allowCount) {
            Token first = a.peek();
            if (first != null && first.kind() == Token.Kind.WORD && first.text().matches("\\d+")) {
                n = Integer.parseInt(a.next().text());
            }
            Map<String, String> opts = a.options(Set.of("limit"));
            if (opts.containsKey("limit")) {
                n = Args.integer(a, "limit", opts.get("limit"));
            }
        }
        this.limit = n;
        boolean reverseAll = false;
        while (!a.done()) {
            Token t = a.next();
            if (t.kind() == Token.Kind.COMMA) {
                continue;
            }
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.QUOTED) {
                throw a.bad("unexpected '" + t.text() + "'");
            }
            if (a.done() && (t.isWordIgnoreCase("desc") || t.isWordIgnoreCase("d")) && !keys.isEmpty()) {
                reverseAll = true;
                break;
            }
            if (a.peek() != null && a.peek().isOp("=")) {
                throw a.bad("unknown option '" + t.text() + "'");
            }
            String text = t.text();
            boolean desc = false;
            if (text.equals("-") || text.equals("+")) {
                desc = text.equals("-");
                text = a.next().text();
            } else if (text.startsWith("-") || text.startsWith("+")) {
                desc = text.startsWith("-");
                text = text.substring(1);
            }
            String mode = "auto";
            if (a.peek() != null && a.peek().kind() == Token.Kind.LPAREN) {
                if (!Set.of("auto", "num", "str", "ip").contains(text)) {
                    throw a.bad("unknown sort function '" + text + "()'");
                }
                mode = text;
                a.next();
                text = a.next().text();
                if (a.done() || a.next().kind() != Token.Kind.RPAREN) {
                    throw a.bad("missing ')' after " + mode + "(" + text);
                }
            }
            if (text.isEmpty()) {
                throw a.bad("missing field name");
            }
            keys.add(new Key(text, mode, desc));
        }
        if (keys.isEmpty()) {
            throw a.bad("no field to sort by");
        }
        if (reverseAll) {
            keys.replaceAll(k -> new Key(k.field(), k.mode(), !k.descending()));
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        List<Rec> rows = new ArrayList<>(in.rows());
        Comparator<Rec> cmp = null;
        for (Key k : keys) {
            Comparator<Rec> c = (x, y) -> {
                String a = x.first(k.field()), b = y.first(k.field());
                if (a == null || b == null) {
                    return a == null ? (b == null ? 0 : 1) : -1;
                }
                int r = compare(a, b, k.mode());
                return k.descending() ? -r : r;
            };
            cmp = cmp == null ? c : cmp.thenComparing(c);
        }
        rows.sort(cmp);
        if (limit > 0 && rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, limit));
        }
        return new Results(rows, in.fields());
    }

    private static int compare(String a, String b, String mode) {
        switch (mode) {
            case "str":
                return a.compareTo(b);
            case "num": {
                Double x = Values.parseNumber(a), y = Values.parseNumber(b);
                if (x == null || y == null) {
                    return x == null ? (y == null ? a.compareTo(b) : 1) : -1;
                }
                return Double.compare(x, y);
            }
            default:
                return Grouping.NATURAL.compare(a, b);
        }
    }
}
