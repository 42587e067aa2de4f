/** Kinesis Data Streams ({@link io.scanpipeline.local.emulator.kinesis.LocalKinesis}), kinesis-mock as a child process. */
package io.scanpipeline.local.emulator.kinesis;
