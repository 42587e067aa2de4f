package io.scanpipeline.bench;

import io.scanpipeline.local.emulator.LocalAws;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every figure gets: the emulators, the options, a scratch directory and the report.
 *
 * @param aws     the local AWS of this run (S3 server in this JVM, dynalite, kinesis-mock on first use)
 * @param options sizes and repetitions
 * @param workDir scratch files (generated scan files), deleted at the end
 * @param repoDir the checkout, for the modules' runtime classpaths (figure 8)
 * @param report  where the figures go
 * @param log     progress lines
 */
record BenchContext(LocalAws aws, BenchOptions options, Path workDir, Path repoDir, Report report, PrintStream log) {

    /**
     * Collects this JVM's garbage before a measured run, so that no run pays for the garbage of the one before
     * (the emulators in this JVM and the pre-built items make that noticeable).
     */
    static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
    }

    void progress(String format, Object... args) {
        log.printf("[%tT load %.2f] %s%n", System.currentTimeMillis(), Machine.load1(), String.format(format, args));
    }
}
