package io.scanpipeline.splunk.search;

import io.scanpipeline.splunk.search.eval.TimeModifier;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.spl.Command;
import io.scanpipeline.splunk.search.spl.Commands;
import io.scanpipeline.splunk.search.spl.Pipeline;
import io.scanpipeline.splunk.search.spl.Rec;
import io.scanpipeline.splunk.search.spl.Results;
import io.scanpipeline.splunk.search.spl.SearchContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs SPL over an {@link EventIndex} with a {@link SplunkApp}'s knowledge. Faithful to Splunk for what it
 * supports (see the module README): macros expanded as text, every command's arguments checked against Splunk's
 * documented syntax before anything runs, Splunk's null, multivalue, ordering and number-printing rules. Anything
 * else — a command, function, option or setting outside that subset — is refused with an {@link SplException} naming
 * it ("not supported by the local search stand-in: ..."), never answered with an empty result.
 */
public final class SearchEngine {
    private final SplunkApp app;
    private final EventIndex index;
    private final Clock clock;

    public SearchEngine(SplunkApp app, EventIndex index, Clock clock) {
        this.app = Objects.requireNonNull(app, "app");
        this.index = Objects.requireNonNull(index, "index");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The search with every macro expanded, exactly as Splunk expands them (text, before parsing). */
    public String expandMacros(String spl) {
        return app.macros().expand(spl);
    }

    /**
     * Runs the search over {@code [earliest, latest)}, both Splunk time modifiers relative to the clock's now
     * ("-24h@h", "now", "0", epoch seconds, ISO-8601); null means unbounded.
     */
    public SearchResult search(String spl, String earliest, String latest) {
        Instant now = clock.instant();
        String expanded = expandMacros(spl);
        List<Command> commands =
                Commands.parse(Pipeline.split(expanded), expanded.strip().startsWith("|"));
        Instant e = earliest == null || earliest.strip().equals("0") ? null : TimeModifier.resolve(earliest, now);
        Instant l = latest == null ? null : TimeModifier.resolve(latest, now);
        SearchContext ctx = new SearchContext(app, index, now, e, l);
        Results results = new Results(List.of(), List.of());
        for (Command c : commands) {
            results = c.apply(results, ctx);
        }
        List<SearchResult.Row> rows = new ArrayList<>();
        for (Rec r : results.rows()) {
            rows.add(new SearchResult.Row(r.fields()));
        }
        return new SearchResult(results.fields(), rows);
    }
}
