package io.scanpipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the figures were measured on: cores, memory, CPU model, Java, and the load average, which on a shared
 * machine says how much the numbers were disturbed by other work.
 */
public final class Machine {

    private Machine() {}

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or the JVM's 1-minute figure elsewhere. */
    public static double[] loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {
                Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])
            };
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {one, Double.NaN, Double.NaN};
        }
    }

    /** The 1-minute load average now. */
    public static double load1() {
        return loadAverage()[0];
    }

    /** A description of this machine and JVM, for the report header and the JSON. */
    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryMiB", totalMemoryBytes() >> 20);
        machine.put("cpu", cpuModel());
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put(
                "java",
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ")");
        machine.put("benchMaxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        double[] load = loadAverage();
        machine.put("loadAverage", List.of(load[0], load[1], load[2]));
        return machine;
    }

    private static long totalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the model is only informative
        }
        return "unknown";
    }
}
