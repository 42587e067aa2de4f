/**
 * A local stand-in for Splunk search: {@link io.scanpipeline.splunk.search.SplunkApp} (an app's conf files and
 * lookups), {@link io.scanpipeline.splunk.search.index.EventIndex} (HEC events as Splunk stores them) and
 * {@link io.scanpipeline.splunk.search.SearchEngine} (macros and a checked subset of SPL). Faithful to Splunk for
 * what it supports; everything else is refused with an {@link io.scanpipeline.splunk.search.SplException} naming it.
 */
package io.scanpipeline.splunk.search;
