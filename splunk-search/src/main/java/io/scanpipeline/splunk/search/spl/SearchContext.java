package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.index.EventIndex;
import java.time.Instant;

/**
 * One search's environment: the app's knowledge, the index, the search's start time ({@code now}) and its time
 * range ({@code earliest} inclusive, {@code latest} exclusive; null = unbounded).
 */
public record SearchContext(SplunkApp app, EventIndex index, Instant now, Instant earliest, Instant latest) {
    public SearchContext withRange(Instant newEarliest, Instant newLatest) {
        return new SearchContext(app, index, now, newEarliest, newLatest);
    }
}
