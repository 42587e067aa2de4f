package io.scanpipeline.splunk.search.spl;

/** One parsed SPL command; its arguments were checked when it was parsed. */
public interface Command {
    Results apply(Results in, SearchContext ctx);
}
