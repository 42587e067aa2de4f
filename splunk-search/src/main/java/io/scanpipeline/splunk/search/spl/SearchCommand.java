package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.TimeModifier;
import io.scanpipeline.splunk.search.index.IndexedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code search}: as the first command it reads the index over the time range (its own {@code earliest=}/
 * {@code latest=} override the range; without {@code index=} only {@code main}, the default roles' index), applies the app's search-time knowledge to each event and keeps those that
 * match, newest first; later in the pipeline it filters the results.
 */
final class SearchCommand implements Command {
    private final SearchFilter filter;
    private final boolean first;

    SearchCommand(String args, boolean first) {
        this.filter = SearchFilter.parse("search", args);
        this.first = first;
        if (!first && (filter.earliest() != null || filter.latest() != null)) {
            // Splunk ignores time terms after the first command; refusing is clearer than ignoring
            throw new io.scanpipeline.splunk.search.SplException.BadArgument(
                    "search: earliest/latest only apply in the first search command");
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        if (!first) {
            List<Rec> kept = new ArrayList<>();
            for (Rec r : in.rows()) {
                if (filter.test(r)) {
                    kept.add(r);
                }
            }
            return new Results(kept, in.fields());
        }
        SearchContext c = range(ctx, filter.earliest(), filter.latest());
        boolean defaultIndex = !filter.fields().contains("index");
        List<IndexedEvent> events = c.index().events();
        List<Rec> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            IndexedEvent e = events.get(i);
            if (!inRange(e.time(), c) || (defaultIndex && !inDefaultIndex(e))) {
                continue;
            }
            Rec r = c.app().knowledge().apply(e, c.now());
            if (filter.test(r)) {
                out.add(r);
            }
        }
        return Results.ofEvents(out);
    }

    /**
     * A search that names no index searches the role's default indexes; Splunk's default roles search {@code main}
     * only (srchIndexesDefault), so events sent to another index need {@code index=} as in Splunk.
     */
    static boolean inDefaultIndex(IndexedEvent e) {
        return "main".equals(e.fields().get("index").get(0));
    }

    static SearchContext range(SearchContext ctx, String earliest, String latest) {
        Instant e = earliest == null
                ? ctx.earliest()
                : (earliest.equals("0") ? null : TimeModifier.resolve(earliest, ctx.now()));
        Instant l = latest == null ? ctx.latest() : TimeModifier.resolve(latest, ctx.now());
        return ctx.withRange(e, l);
    }

    static boolean inRange(BigDecimal time, SearchContext c) {
        if (c.earliest() != null && time.compareTo(seconds(c.earliest())) < 0) {
            return false;
        }
        return c.latest() == null || time.compareTo(seconds(c.latest())) < 0;
    }

    static BigDecimal seconds(Instant i) {
        return BigDecimal.valueOf(i.getEpochSecond()).add(BigDecimal.valueOf(i.getNano(), 9));
    }
}
