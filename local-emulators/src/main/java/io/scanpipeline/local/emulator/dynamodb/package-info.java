/**
 * DynamoDB and DynamoDB Streams ({@link io.scanpipeline.local.emulator.dynamodb.LocalDynamoDb}): dynalite as a child
 * process behind a Java proxy that captures item changes into streams and serves the DynamoDB Streams API.
 */
package io.scanpipeline.local.emulator.dynamodb;
