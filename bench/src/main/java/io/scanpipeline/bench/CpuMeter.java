package io.scanpipeline.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by this JVM and by the Node emulators it started (dynalite, kinesis-mock), read before and after a
 * measured run. On a shared machine the wall-clock rates move with the load; CPU time per record moves much less,
 * and it shows where the work goes. This JVM's figure includes the in-JVM emulators (S3 server, the DynamoDB proxy,
 * the HEC receiver), GC and JIT.
 */
final class CpuMeter {

    /** CPU nanoseconds per process name ("jvm", "dynalite", "kinesis-mock") at one moment. */
    record Reading(Map<String, Long> nanos) {}

    private CpuMeter() {}

    static Reading read() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            nanos.put("jvm", os.getProcessCpuTime());
        }
        ProcessHandle.current().descendants().forEach(process -> {
            String command = process.info().commandLine().orElse("");
            String name = command.contains("dynalite")
                    ? "dynalite"
                    : command.contains("kinesis-local") ? "kinesis-mock" : null;
            if (name != null) {
                long cpu =
                        process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
                nanos.merge(name, cpu, Long::sum);
            }
        });
        return new Reading(nanos);
    }

    /** Milliseconds of CPU per 1,000 records between two readings, per process. */
    static Map<String, Double> millisPerThousand(Reading before, Reading after, long records) {
        Map<String, Double> perThousand = new LinkedHashMap<>();
        after.nanos().forEach((name, end) -> {
            long used = end - before.nanos().getOrDefault(name, 0L);
            perThousand.put(name, used / 1e6 / records * 1000);
        });
        return perThousand;
    }

    /** Adds one run's readings to per-process samples. */
    static void record(Map<String, Samples> into, Reading before, Reading after, long records) {
        millisPerThousand(before, after, records)
                .forEach((name, value) ->
                        into.computeIfAbsent(name, n -> new Samples()).add(value));
    }
}
