package io.scanpipeline.splunk.search.spl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dedup [N] <field-list> [keepevents=b] [keepempty=b] [consecutive=b] [sortby <sort-by-clause>]}: keeps the
 * first N results (default 1) of each combination of the fields' values; results lacking a field are removed unless
 * keepempty=true. Anything else (a stray {@code field=value} from a macro, say) is refused naming it, as Splunk does.
 */
final class DedupCommand implements Command {
    private static final Set<String> OPTIONS = Set.of("keepevents", "keepempty", "consecutive");
    private final int count;
    private final List<String> fields;
    private final boolean keepEvents;
    private final boolean keepEmpty;
    private final boolean consecutive;
    private final SortCommand sortBy;

    DedupCommand(String argText) {
        Args a = new Args("dedup", argText);
        int n = 1;
        Token first = a.peek();
        if (first != null
                && first.kind() == Token.Kind.WORD
                && first.text().matches("\\d+")
                && a.peek(1) != null
                && !a.peek(1).isOp("=")) {
            n = Integer.parseInt(a.next().text());
            if (n < 1) {
                throw a.bad("N must be at least 1");
            }
        }
        this.count = n;
        Map<String, String> opts = new HashMap<>(a.options(OPTIONS));
        this.fields = a.fieldList(Set.of("sortby"));
        opts.putAll(a.options(OPTIONS));
        if (fields.isEmpty()) {
            throw a.bad("no field to dedup on");
        }
        SortCommand sort = null;
        if (!a.done() && a.peek().isWordIgnoreCase("sortby")) {
            a.next();
            sort = new SortCommand(a, "dedup sortby", false);
        }
        a.expectDone();
        this.sortBy = sort;
        this.keepEvents = Args.bool(a, "keepevents", opts.getOrDefault("keepevents", "false"));
        this.keepEmpty = Args.bool(a, "keepempty", opts.getOrDefault("keepempty", "false"));
        this.consecutive = Args.bool(a, "consecutive", opts.getOrDefault("consecutive", "false"));
        if (keepEvents) {
            throw a.bad(io.scanpipeline.splunk.search.SplException.unsupported("keepevents=true"));
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        Map<List<List<String>>, Integer> seen = new HashMap<>();
        List<Rec> kept = new ArrayList<>();
        List<List<String>> previous = null;
        for (Rec r : in.rows()) {
            List<List<String>> key = new ArrayList<>();
            boolean missing = false;
            for (String f : fields) {
                List<String> v = r.get(f);
                missing |= v == null;
                key.add(v);
            }
            if (missing) {
                if (keepEmpty) {
                    kept.add(r);
                }
                continue;
            }
            if (consecutive) {
                if (!key.equals(previous)) {
                    kept.add(r);
                }
                previous = key;
                continue;
            }
            int n = seen.merge(key, 1, Integer::sum);
            if (n <= count) {
                kept.add(r);
            }
        }
        Results out = new Results(kept, in.fields());
        return sortBy == null ? out : sortBy.apply(out, ctx);
    }
}
