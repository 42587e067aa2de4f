/** Snapshot scopes: which scan is newest per scope, and retiring the items an older scan left behind. */
package io.scanpipeline.ingest.snapshot;
