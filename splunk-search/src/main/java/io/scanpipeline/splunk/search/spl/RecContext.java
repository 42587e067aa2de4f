package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.eval.EvalContext;
import java.time.Instant;
import java.util.List;

/** Eval over one result. */
public record RecContext(Rec rec, Instant now) implements EvalContext {
    @Override
    public List<String> field(String name) {
        return rec.get(name);
    }

    @Override
    public boolean searchMatch(String search) {
        return search != null && SearchFilter.parse("searchmatch", search).test(rec);
    }
}
