package io.scanpipeline.bench;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.local.emulator.LocalAws;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/bench}: measures the figures of the pipeline on this machine against their baselines and ceilings,
 * prints one table and writes it as JSON. Options: see the fields below ({@code bin/bench --help}); the README's
 * "Benchmarks" section says what each figure means.
 *
 * <p>Each figure runs one warm-up repetition, then {@code --reps} measured ones (interleaved where figures are
 * compared, so that they share the machine's conditions); the table shows medians, and each ratio is the quotient of
 * two medians of this run. Nothing here is a test: no figure is asserted, a target that is missed is reported.
 */
@Command(
        name = "bin/bench",
        sortOptions = false,
        sortSynopsis = false,
        description = {
            "Measures every stage of the pipeline on this machine against its baseline and ceiling "
                    + "(emulators on 127.0.0.1), prints one table of figures and ratios and writes it as JSON. About "
                    + "20 minutes on 2 cores; --quick about 5.",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every figure measured",
            "1:a figure failed (reported in the table and the JSON)",
            "2:invalid arguments"
        })
public final class BenchMain implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "small workloads (about 5 minutes instead of about 20)")
    boolean quick;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "JSON results (default bench/results/latest.json; " + "with --jmh bench/results/jmh-latest.json)")
    Path out;

    @Option(
            names = "--only",
            paramLabel = "LIST",
            split = ",",
            description = "run only these figures, e.g. 1,3,8 " + "(1-9; 1, 2 and 3 share their setup)")
    Set<Integer> only = new TreeSet<>();

    @Option(
            names = "--reps",
            paramLabel = "N",
            description = "measured repetitions per figure (default 5, quick 3; "
                    + "figures 6k and 7: 3, quick 1 and 2); one warm-up comes first")
    Integer reps;

    @Option(
            names = "--jmh",
            description = "JMH microbenchmarks of ItemCodec and ChangeEnvelopeCodec instead of the " + "figures")
    boolean jmh;

    public static void main(String[] args) {
        // exits explicitly: KCL leaves a non-daemon thread pool behind (a static one in its LeaseAssignmentManager
        // that nothing shuts down), which would keep the JVM alive
        Commands.exit(new BenchMain(), args);
    }

    /** The options these arguments give. */
    BenchOptions options() {
        try {
            return BenchOptions.of(quick, jmh, out, only, reps);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        PrintStream out = System.out;
        Map<String, Object> machine = Machine.describe();
        out.println("scan-pipeline bench " + (options.jmh() ? "--jmh" : options.quick() ? "--quick" : "(full run)"));
        machine.forEach((key, value) -> out.printf("  %-16s %s%n", key, value));
        if (options.jmh()) {
            JmhRun.run(options, machine, out);
            return Commands.OK;
        }
        out.printf(
                "  %-16s %d measured after 1 warm-up (cold starts: %d after 1; end-to-end: %d after a warm-up "
                        + "burst)%n",
                "repetitions", options.repetitions(), options.coldStarts(), options.e2eRepetitions());
        Report report = new Report(machine, options.describe());
        long start = System.nanoTime();
        Path workDir = Files.createTempDirectory("scan-pipeline-bench-");
        try (LocalAws aws = LocalAws.start(null)) {
            BenchContext ctx =
                    new BenchContext(aws, options, workDir, Path.of("").toAbsolutePath(), report, out);
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
        out.printf(
                "%nwrote %s (%.0f s in all, load now %.2f)%n",
                options.out().toAbsolutePath(), (System.nanoTime() - start) / 1e9, Machine.load1());
        return report.errors().isEmpty() ? Commands.OK : Commands.FAILED;
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
