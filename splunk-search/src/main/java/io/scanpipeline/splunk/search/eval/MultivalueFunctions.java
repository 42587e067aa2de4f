package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Multivalue eval functions: mvcount, mvindex, mvjoin, mvdedup, mvsort, mvappend, mvfind, mvfilter. */
final class MultivalueFunctions {
    private MultivalueFunctions() {}

    static Expr call(String n, List<Expr> a) {
        switch (n) {
            case "mvcount":
                Functions.arity(n, a, 1, 1);
                return c -> {
                    List<String> l = Values.list(a.get(0).eval(c));
                    return l.isEmpty() ? null : (double) l.size();
                };
            case "mvindex":
                Functions.arity(n, a, 2, 3);
                return c -> {
                    List<String> l = Values.list(a.get(0).eval(c));
                    Double s = Values.num(a.get(1).eval(c));
                    if (l.isEmpty() || s == null) {
                        return null;
                    }
                    int start = s.intValue() < 0 ? l.size() + s.intValue() : s.intValue();
                    int end = start;
                    if (a.size() > 2) {
                        Double e = Values.num(a.get(2).eval(c));
                        if (e == null) {
                            return null;
                        }
                        end = e.intValue() < 0 ? l.size() + e.intValue() : e.intValue();
                    }
                    if (start < 0 || start >= l.size() || end < start) {
                        return null;
                    }
                    return Values.mv(l.subList(start, Math.min(end, l.size() - 1) + 1));
                };
            case "mvjoin":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    List<String> l = Values.list(a.get(0).eval(c));
                    return l.isEmpty() ? null : String.join(Values.str(a.get(1).eval(c)), l);
                };
            case "mvdedup":
                Functions.arity(n, a, 1, 1);
                return c -> Values.mv(
                        new ArrayList<>(new LinkedHashSet<>(Values.list(a.get(0).eval(c)))));
            case "mvsort":
                Functions.arity(n, a, 1, 1);
                return c -> Values.mv(
                        Values.list(a.get(0).eval(c)).stream().sorted().toList());
            case "mvappend":
                Functions.arity(n, a, 1, 100);
                return c -> {
                    List<String> out = new ArrayList<>();
                    a.forEach(x -> out.addAll(Values.list(x.eval(c))));
                    return Values.mv(out);
                };
            case "mvfind":
                Functions.arity(n, a, 2, 2);
                return c -> {
                    List<String> l = Values.list(a.get(0).eval(c));
                    Pattern p = Pattern.compile(Values.str(a.get(1).eval(c)));
                    for (int i = 0; i < l.size(); i++) {
                        if (p.matcher(l.get(i)).find()) {
                            return (double) i;
                        }
                    }
                    return null;
                };
            case "mvfilter":
                Functions.arity(n, a, 1, 1);
                return mvfilter(a.get(0));
            default:
                return null;
        }
    }

    /** mvfilter(expr): keeps the values of the one field the expression names for which it is true. */
    private static Expr mvfilter(Expr predicate) {
        return c -> {
            String[] field = new String[1];
            EvalContext probe = probe(c, field, null);
            predicate.eval(probe);
            if (field[0] == null) {
                throw new SplException.BadArgument("eval: mvfilter() needs an expression over one field");
            }
            List<String> kept = new ArrayList<>();
            for (String v : Values.list(Values.ofField(c.field(field[0])))) {
                Object r = predicate.eval(probe(c, new String[] {field[0]}, v));
                if (Boolean.TRUE.equals(r)) {
                    kept.add(v);
                }
            }
            return Values.mv(kept);
        };
    }

    private static EvalContext probe(EvalContext c, String[] field, String value) {
        return new EvalContext() {
            @Override
            public List<String> field(String name) {
                if (field[0] == null) {
                    field[0] = name;
                }
                if (value != null && name.equals(field[0])) {
                    return List.of(value);
                }
                return value == null ? List.of("") : c.field(name);
            }

            @Override
            public java.time.Instant now() {
                return c.now();
            }

            @Override
            public boolean searchMatch(String search) {
                return c.searchMatch(search);
            }
        };
    }
}
