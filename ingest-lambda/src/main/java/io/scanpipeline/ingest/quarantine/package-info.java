/** Where rejected records go, with their reason: the quarantine port and its S3 store. */
package io.scanpipeline.ingest.quarantine;
