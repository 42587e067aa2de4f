package io.scanpipeline.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bin/bench --jmh}: runs {@link CodecBenchmarks} (1 fork, 3 warm-up and 5 measured iterations of 1 s each;
 * with {@code --quick} 1 warm-up and 3 measured) and reports each benchmark's median iteration in the same table
 * and JSON format as the figures.
 */
final class JmhRun {

    private JmhRun() {}

    static void run(BenchOptions options, Map<String, Object> machine, PrintStream out)
            throws RunnerException, java.io.IOException {
        OptionsBuilder jmh = new OptionsBuilder();
        jmh.include(CodecBenchmarks.class.getName())
                .forks(1)
                .warmupIterations(options.quick() ? 1 : 3)
                .measurementIterations(options.quick() ? 3 : 5)
                .warmupTime(TimeValue.seconds(1))
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true);
        double load = Machine.load1();
        Collection<RunResult> results = new Runner(jmh.build()).run();
        Report report = new Report(
                machine,
                Map.of(
                        "jmh",
                        "1 fork, " + (options.quick() ? "1+3" : "3+5") + " iterations of 1 s",
                        "mode",
                        "average time per call"));
        int n = 0;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            Samples samples = new Samples();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    samples.add(iteration.getPrimaryResult().getScore());
                }
            }
            List<Double> loads = new ArrayList<>(List.of(load));
            report.figure(
                    "J" + ++n,
                    name.substring(name.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScoreUnit(),
                    samples,
                    loads,
                    String.format(
                            "JMH mean %.1f +- %.1f (99.9%%)",
                            result.getPrimaryResult().getScore(),
                            result.getPrimaryResult().getScoreError()));
        }
        report.print(out);
        report.write(options.out());
        out.printf("%nwrote %s (load now %.2f)%n", options.out().toAbsolutePath(), Machine.load1());
    }
}
