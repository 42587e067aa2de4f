package io.scanpipeline.ingest.reingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of {@code bin/reingest}: help, usage errors and configuration errors, before any AWS call. */
class ReingestCommandTest {

    private record Result(int exit, String out, String err) {}

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Reingest.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void help_printsUsageOnStdout_andExitsZero() {
        Result result = run(Map.of(), "--help");
        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("Usage: reingest")
                .contains("--bucket")
                .contains("--prefix")
                .contains("--quarantine")
                .contains("Exit status:");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void missingBucket_isOneLineOnStderr_andExitTwo() {
        Result result = run(Map.of(), "--prefix", "trivy/");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines())
                .singleElement()
                .asString()
                .contains("--bucket")
                .endsWith("(see 'reingest --help')");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownOption_isOneLineOnStderr_andExitTwo() {
        Result result = run(Map.of(), "--bucket", "scans", "--prefx", "trivy/");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--prefx");
    }

    @Test
    void badConfiguration_namesTheVariable_andExitsTwo() {
        Result result = run(Map.of("AWS_REGION", "us-east-1", "QUARANTINE_PREFIX", "no-slash"), "--bucket", "scans");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("QUARANTINE_PREFIX");
    }
}
