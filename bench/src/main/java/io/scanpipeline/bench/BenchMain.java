package io.scanpipeline.bench;

import io.scanpipeline.local.emulator.LocalAws;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/bench}: measures the figures of the pipeline on this machine against their baselines and ceilings,
 * prints one table and writes it as JSON. See {@link BenchOptions#USAGE}; the README's "Benchmarks" section says
 * what each figure means.
 *
 * <p>Each figure runs one warm-up repetition, then {@code --reps} measured ones (interleaved where figures are
 * compared, so that they share the machine's conditions); the table shows medians, and each ratio is the quotient of
 * two medians of this run. Nothing here is a test: no figure is asserted, a target that is missed is reported.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        Map<String, Object> machine = Machine.describe();
        out.println("scan-pipeline bench " + (options.jmh() ? "--jmh" : options.quick() ? "--quick" : "(full run)"));
        machine.forEach((key, value) -> out.printf("  %-16s %s%n", key, value));
        if (options.jmh()) {
            JmhRun.run(options, machine, out);
            return;
        }
        out.printf("  %-16s %d measured after 1 warm-up (cold starts: %d after 1; end-to-end: %d after a warm-up "
                + "burst)%n", "repetitions", options.repetitions(), options.coldStarts(), options.e2eRepetitions());
        Report report = new Report(machine, options.describe());
        long start = System.nanoTime();
        Path workDir = Files.createTempDirectory("scan-pipeline-bench-");
        try (LocalAws aws = LocalAws.start(null)) {
            BenchContext ctx = new BenchContext(aws, options, workDir, Path.of("").toAbsolutePath(), report, out);
            if (options.runs(1) || options.runs(2) || options.runs(3)) {
                figure(ctx, "1-3 ingest", () -> new IngestFigures(ctx).run());
            }
            if (options.runs(4)) {
                figure(ctx, "4 memory", () -> new MemoryFigure(ctx).run());
            }
            if (options.runs(5)) {
                figure(ctx, "5 forwarder", () -> new ForwarderFigure(ctx).run());
            }
            if (options.runs(6)) {
                figure(ctx, "6 sink", () -> new SinkFigure(ctx).run());
                figure(ctx, "6p sink record processor", () -> new SinkProcessorFigure(ctx).run());
                figure(ctx, "6k KCL sink", () -> new KclSinkFigure(ctx).run());
            }
            if (options.runs(7)) {
                figure(ctx, "7 end-to-end", () -> new EndToEndFigure(ctx).run());
            }
            if (options.runs(8)) {
                figure(ctx, "8 cold start", () -> new ColdStartFigure(ctx).run());
            }
            if (options.runs(9)) {
                figure(ctx, "9 snapshot retirement", () -> new RetirementFigure(ctx).run());
            }
        } finally {
            deleteRecursively(workDir);
        }
        report.print(out);
        report.write(options.out());
        out.printf("%nwrote %s (%.0f s in all, load now %.2f)%n", options.out().toAbsolutePath(),
                (System.nanoTime() - start) / 1e9, Machine.load1());
        // exit explicitly: KCL leaves a non-daemon thread pool behind (a static one in its LeaseAssignmentManager that
        // nothing shuts down), which would keep the JVM alive
        System.exit(report.errors().isEmpty() ? 0 : 1);
    }

    private interface FigureRun {
        void run() throws Exception;
    }

    /** Runs one figure; a failure is reported and the other figures still run. */
    private static void figure(BenchContext ctx, String name, FigureRun run) {
        ctx.progress("figure %s ...", name);
        long start = System.nanoTime();
        try {
            run.run();
        } catch (Exception | Error e) {
            e.printStackTrace(ctx.log());
            ctx.report().error(name, e);
        }
        ctx.progress("figure %s done in %.0f s", name, (System.nanoTime() - start) / 1e9);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
