/**
 * Local stand-ins for what AWS Lambda does around our functions: {@link io.scanpipeline.local.lambda.S3Notifications}
 * (S3 event notifications with Lambda's async retries), {@link io.scanpipeline.local.lambda.StreamEventSourceMapping}
 * (a DynamoDB Streams event-source mapping: a {@link io.scanpipeline.local.lambda.ShardPoller} per shard, a
 * {@link io.scanpipeline.local.lambda.BatchInvocation} per batch with Lambda's retry, bisect and discard rules, the
 * {@link io.scanpipeline.local.lambda.OnFailureFile}, counters and status), and
 * {@link io.scanpipeline.local.lambda.LambdaInvoker}, which invokes a handler through the managed runtime's
 * serializer with a {@link io.scanpipeline.local.lambda.LocalContext}.
 */
package io.scanpipeline.local.lambda;
