/**
 * A versioned S3-compatible server inside the JVM ({@link io.scanpipeline.local.emulator.s3.LocalS3Server}): the
 * router and per-operation handlers, the object store on disk, and object events in place of S3 event
 * notifications.
 */
package io.scanpipeline.local.emulator.s3;
