package io.scanpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.cli.Commands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code bin/bench}'s command line through picocli's execute; none of these starts a figure. */
class BenchMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Commands.run(new BenchMain(), new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void help_printsEveryOption_exit0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: bin/bench [-h] [--quick] [--out=FILE] [--only=LIST[,LIST...]]... "
                        + "[--reps=N] [--jmh]");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void usageErrors_areOneLineOnStderr_exit2() {
        assertThat(run("--fast")).isEqualTo(Commands.USAGE);
        assertThat(run("--only", "1,x")).isEqualTo(2);
        assertThat(run("--only", "10")).isEqualTo(2);
        assertThat(run("--reps", "0")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly(
                        "bin/bench: Unknown option: '--fast' (see 'bin/bench --help')",
                        "bin/bench: Invalid value for option '--only' (LIST): 'x' is not an int (see 'bin/bench --help')",
                        "bin/bench: --only takes figures 1-9, got 10 (see 'bin/bench --help')",
                        "bin/bench: --reps must be at least 1 (see 'bin/bench --help')");
    }

    @Test
    void options_keepTheirMeaning() {
        BenchMain main = new BenchMain();
        Commands.commandLine(main).parseArgs("--quick", "--only", "6,7", "--reps", "2");
        BenchOptions options = main.options();
        assertThat(options.quick()).isTrue();
        assertThat(options.only()).containsExactly(6, 7);
        assertThat(options.runs(6)).isTrue();
        assertThat(options.runs(1)).isFalse();
        assertThat(options.repetitions()).isEqualTo(2);
        assertThat(options.e2eRepetitions()).isEqualTo(2);
        assertThat(options.out()).isEqualTo(Path.of("bench", "results", "latest.json"));

        BenchMain jmh = new BenchMain();
        Commands.commandLine(jmh).parseArgs("--jmh");
        assertThat(jmh.options().out()).isEqualTo(Path.of("bench", "results", "jmh-latest.json"));
        assertThat(jmh.options().repetitions()).isEqualTo(5);
    }
}
