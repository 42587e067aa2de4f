package io.scanpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

class CommandsTest {

    /** A command of our own that records whether it ran, and fails as asked. */
    @Command(name = "bin/sample", description = "A sample command.")
    static final class Sample implements Callable<Integer>, CommandLine.IExitCodeExceptionMapper {
        @Mixin
        HelpOption help;

        @Option(names = "--count", description = "how many")
        int count;

        @Parameters(index = "0", paramLabel = "WHAT")
        String what;

        @Spec
        CommandSpec spec;

        boolean ran;

        @Override
        public Integer call() {
            ran = true;
            return switch (what) {
                case "fail" ->
                    throw new IllegalStateException(
                            "the stream is gone", new java.io.IOException("connection refused"));
                case "config" -> throw new IllegalArgumentException("STREAM_NAME is required");
                case "bad" -> throw new CommandLine.ParameterException(spec.commandLine(), "WHAT 'bad' is not known");
                default -> Commands.OK;
            };
        }

        @Override
        public int getExitCode(Throwable exception) {
            return exception instanceof IllegalArgumentException ? Commands.USAGE : Commands.FAILED;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Sample sample = new Sample();

    private int run(String... args) {
        return Commands.run(sample, new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void help_printsUsageOnStdout_exits0_withoutRunningTheCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: bin/sample [-h] [--count=<count>] WHAT")
                .contains("--help");
        assertThat(err.toString()).isEmpty();
        assertThat(sample.ran).isFalse();
        assertThat(run("-h", "--count", "not-a-number"))
                .as("help wins over errors in the other arguments")
                .isZero();
    }

    @Test
    void unknownOption_isOneLineOnStderr_exit2_pointingAtHelp() {
        assertThat(run("x", "--since", "1")).isEqualTo(Commands.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .isEqualTo("bin/sample: Unknown options: '--since', '1' (see 'bin/sample --help')"
                        + System.lineSeparator());
        assertThat(sample.ran).isFalse();
    }

    @Test
    void malformedOrMissingArguments_areUsageErrors() {
        assertThat(run("x", "--count", "many")).isEqualTo(Commands.USAGE);
        assertThat(err.toString()).contains("--count").contains("'many'").hasLineCount(1);
        StringWriter err2 = new StringWriter();
        assertThat(Commands.run(new Sample(), new PrintWriter(new StringWriter()), new PrintWriter(err2)))
                .isEqualTo(2);
        assertThat(err2.toString())
                .contains("Missing required parameter: 'WHAT'")
                .hasLineCount(1);
    }

    @Test
    void aParameterExceptionFromTheCommandItself_isAUsageError() {
        assertThat(run("bad")).isEqualTo(Commands.USAGE);
        assertThat(err.toString()).contains("WHAT 'bad' is not known").hasLineCount(1);
    }

    @Test
    void failureWhileRunning_isOneLineWithItsCause_exit1_noStackTrace() {
        assertThat(run("fail")).isEqualTo(Commands.FAILED);
        assertThat(err.toString())
                .isEqualTo("bin/sample: the stream is gone: connection refused" + System.lineSeparator());
    }

    @Test
    void theCommandsExitCodeMapper_decidesTheCodeOfAFailure() {
        assertThat(run("config")).isEqualTo(Commands.USAGE);
        assertThat(err.toString()).isEqualTo("bin/sample: STREAM_NAME is required" + System.lineSeparator());
    }
}
