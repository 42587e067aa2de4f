package io.scanpipeline.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the demo did what it shows: every upload processed, every change of the tables' streams at the HEC
 * receiver, nothing failed or dead-lettered on the way. {@code bin/local demo} exits 1 unless {@link #complete()}.
 * Quarantined records are not a failure: the samples hold bad records on purpose, and the quarantine is the answer.
 *
 * @param changes             stream records of every table (each one change that must reach Splunk)
 * @param arrived             distinct change events (by {@code eventId}) the HEC receiver accepted
 * @param uploadsPending      uploads still not processed when the demo stopped waiting
 * @param failedNotifications ingest invocations that failed after Lambda's retries
 * @param deadLettered        records the sink dead-lettered
 */
record DemoOutcome(long changes, long arrived, long uploadsPending, int failedNotifications, long deadLettered) {

    /** What the pipeline has done so far. */
    static DemoOutcome of(LocalPipeline pipeline) {
        long changes = pipeline.tables().stream()
                .map(t -> t.table())
                .distinct()
                .mapToLong(pipeline.aws()::streamRecordCount)
                .sum();
        return new DemoOutcome(
                changes,
                pipeline.hecEventIds(),
                pipeline.notifications().pending(),
                pipeline.notifications().failures().size(),
                pipeline.sinkDeadLettered());
    }

    boolean complete() {
        return problems().isEmpty();
    }

    /** Each way the demo fell short, in words; empty when it is complete. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (changes == 0) {
            problems.add("no change reached the tables' streams");
        }
        if (arrived < changes) {
            problems.add((changes - arrived) + " of " + changes + " changes did not reach the HEC receiver");
        }
        if (uploadsPending > 0) {
            problems.add(uploadsPending + " uploads still not processed");
        }
        if (failedNotifications > 0) {
            problems.add(failedNotifications + " ingest invocations failed after their retries");
        }
        if (deadLettered > 0) {
            problems.add(deadLettered + " records dead-lettered by the sink");
        }
        return problems;
    }

    /** One line: the verdict and the counts. */
    String summary() {
        return complete()
                ? "every change arrived: " + arrived + " of " + changes
                : "not every change arrived: " + String.join("; ", problems());
    }
}
