/** {@code bin/reingest}: running the ingest again outside Lambda, over a prefix or over the quarantine. */
package io.scanpipeline.ingest.reingest;
