/**
 * A local Splunk HTTP Event Collector ({@link io.scanpipeline.local.emulator.hec.HecReceiver}) for tests and local
 * runs: JDK HttpServer and Jackson only, with Splunk's endpoints, status codes, channels and acks, and injectable
 * faults ({@link io.scanpipeline.local.emulator.hec.HecFaults}).
 */
package io.scanpipeline.local.emulator.hec;
