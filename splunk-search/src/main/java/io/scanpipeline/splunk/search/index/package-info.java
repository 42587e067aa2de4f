/** Indexed events: what Splunk stores for a HEC event, and the local HEC receiver's file as an index. */
package io.scanpipeline.splunk.search.index;
