/**
 * Local stand-ins for AWS services that run on 127.0.0.1 without Docker or an AWS account.
 *
 * <p>{@link io.scanpipeline.local.emulator.LocalS3Server} is a versioned S3-compatible server inside the JVM; its
 * {@link io.scanpipeline.local.emulator.S3EventListener}s receive
 * {@link io.scanpipeline.local.emulator.S3ObjectEvent}s in place of S3 event notifications.
 */
package io.scanpipeline.local.emulator;
