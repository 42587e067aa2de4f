/** The app's knowledge: conf-file reading, props resolution, JSON extraction, lookups, macros, eventtypes and tags. */
package io.scanpipeline.splunk.search.conf;
