package io.scanpipeline.splunk.search.eval;

import java.time.Instant;
import java.util.List;

/** What an expression can see: the current result's fields, the search's time and a search-language matcher. */
public interface EvalContext {
    /** The field's values, or null when the result lacks it. Names are case-sensitive. */
    List<String> field(String name);

    /** The search's start time ({@code now()}); {@code time()} is the wall clock. */
    Instant now();

    /** {@code searchmatch("...")}: whether the current result matches the search-language text. */
    boolean searchMatch(String search);
}
