package io.scanpipeline.local.lambda;

import java.util.concurrent.atomic.AtomicLong;

/** The counters of one mapping, updated by its shard pollers. */
final class MappingCounters {

    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong invocations = new AtomicLong();
    final AtomicLong functionErrors = new AtomicLong();
    final AtomicLong partialFailures = new AtomicLong();
    final AtomicLong invalidResponses = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong bisections = new AtomicLong();
    final AtomicLong discardedBatches = new AtomicLong();
    final AtomicLong discardedRecords = new AtomicLong();
}
