/** SPL: tokenizing, the pipeline, the search language and one class per command (arguments checked when parsed). */
package io.scanpipeline.splunk.search.spl;
