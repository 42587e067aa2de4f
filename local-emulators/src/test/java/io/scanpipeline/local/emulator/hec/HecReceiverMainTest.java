package io.scanpipeline.local.emulator.hec;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.cli.Commands;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The standalone receiver's command line, through picocli's execute (none of these starts a receiver). */
class HecReceiverMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Commands.run(new HecReceiverMain(), new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void help_printsThePositionalArgumentsAndDefaults_exit0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: hec-receiver [-h] [PORT] [TOKEN] [ACK] [OUTPUT_FILE]")
                .contains("default 8088", "default local-hec-token", "default false", "default hec-events.ndjson");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void malformedArguments_areOneLineOnStderr_exit2() {
        assertThat(run("http")).isEqualTo(Commands.USAGE);
        assertThat(run("8088", "t", "yes")).isEqualTo(2);
        assertThat(run("70000")).isEqualTo(2);
        assertThat(run("8088", "t", "true", "f", "extra")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .hasSize(4)
                .allMatch(l -> l.startsWith("hec-receiver: ") && l.endsWith(" (see 'hec-receiver --help')"));
        assertThat(err.toString())
                .contains(
                        "'http' is not an int",
                        "ACK must be true or false, was 'yes'",
                        "PORT must be 0-65535, was 70000",
                        "'extra'");
    }
}
