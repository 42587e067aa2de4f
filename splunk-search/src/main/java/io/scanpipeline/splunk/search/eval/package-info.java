/** Eval expressions and functions with Splunk's null and multivalue semantics; time modifiers and strftime. */
package io.scanpipeline.splunk.search.eval;
