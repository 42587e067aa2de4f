package io.scanpipeline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Starts a fresh JVM (the same {@code java} as this one) and reads its standard output. */
final class ChildJvm {

    /**
     * What a child printed.
     *
     * @param marked       the first line that matched the marker, or null
     * @param markedNanos  nanoseconds from process start to that line
     * @param output       everything it printed (for error messages)
     */
    record Outcome(String marked, long markedNanos, String output) {}

    private ChildJvm() {}

    /** The {@code java} executable of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path (the bench jar when run with {@code java -jar}). */
    static String ownClassPath() {
        return System.getProperty("java.class.path");
    }

    /**
     * Runs {@code java jvmArgs... mainClass args...} with {@code extraEnv} added to this environment, waits for it to
     * exit (at most {@code timeoutSeconds}) and returns the first output line {@code marker} accepts.
     *
     * @throws IllegalStateException when it fails, times out, or prints no such line
     */
    static Outcome run(
            List<String> jvmArgs,
            String classPath,
            String mainClass,
            List<String> args,
            Map<String, String> extraEnv,
            Predicate<String> marker,
            long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        long start = System.nanoTime();
        Process process = builder.start();
        String marked = null;
        long markedNanos = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (marked == null && marker.test(line)) {
                    markedNanos = System.nanoTime() - start;
                    marked = line;
                }
                if (output.length() < 20_000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0 || marked == null) {
            throw new IllegalStateException(mainClass + " " + args + " exited with " + process.exitValue()
                    + (marked == null ? " without its result line" : "") + ":\n" + output);
        }
        return new Outcome(marked, markedNanos, output.toString());
    }
}
