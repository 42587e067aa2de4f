/**
 * Local stand-ins for AWS services and Splunk HEC that run on 127.0.0.1 without Docker or an AWS account, one
 * package per service:
 * <ul>
 *   <li>{@code s3}: {@link io.scanpipeline.local.emulator.s3.LocalS3Server}, a versioned S3-compatible server inside
 *       the JVM whose {@link io.scanpipeline.local.emulator.s3.S3EventListener}s receive
 *       {@link io.scanpipeline.local.emulator.s3.S3ObjectEvent}s in place of S3 event notifications;</li>
 *   <li>{@code dynamodb}: {@link io.scanpipeline.local.emulator.dynamodb.LocalDynamoDb}, dynalite behind a proxy
 *       that adds DynamoDB Streams;</li>
 *   <li>{@code kinesis}: {@link io.scanpipeline.local.emulator.kinesis.LocalKinesis}, kinesis-mock;</li>
 *   <li>{@code hec}: {@link io.scanpipeline.local.emulator.hec.HecReceiver}, a Splunk HTTP Event Collector;</li>
 *   <li>{@code common}: what several emulators share (the JSON mapper, the pinned Node.js packages and the child
 *       process that runs them).</li>
 * </ul>
 * {@link io.scanpipeline.local.emulator.LocalAws} starts S3, DynamoDB and (on first use) Kinesis together, with SDK
 * clients for them.
 */
package io.scanpipeline.local.emulator;
