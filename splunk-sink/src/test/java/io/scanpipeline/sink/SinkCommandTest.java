package io.scanpipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.sink.replay.RedriveDeadLetters;
import io.scanpipeline.sink.replay.ReplayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sink jar's command line ({@code java -jar splunk-sink.jar [replay|redrive-dead-letters] ...}, also the container
 * image's): help, usage errors and configuration errors, through picocli's {@code execute} (no emulator needed: none
 * of these reaches AWS; the replay and redrive themselves are run by {@code ReplayIT} and {@code RedriveDeadLettersIT}).
 */
class SinkCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        return Commands.run(command, new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void help_listsTheToolsOnStdout_exit0_withoutStartingTheSink() {
        // an empty environment: had the sink started, it would have failed on STREAM_NAME with exit 2
        assertThat(run(new SinkCommand(Map.of()), "--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: splunk-sink [-h] [COMMAND]")
                .contains("  replay  ", "  redrive-dead-letters  ", "2   invalid configuration");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void replayHelp_showsPositionsAndOptions_exit0() {
        assertThat(run(new SinkCommand(Map.of()), "replay", "-h")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: splunk-sink replay [-h] [--keep-lease-table]")
                .contains("POSITION", "[VALUE]", "--until=ISO_TIME", "--application=NAME", "--timeout=DURATION");
        assertThat(run(new ReplayCommand(Map.of()), "AT_TIMESTAMP", "--timeout", "--help"))
                .isZero();
    }

    @Test
    void redriveHelp_showsTheChoiceOfKeyOrPrefix_exit0() {
        assertThat(run(new SinkCommand(Map.of()), "redrive-dead-letters", "--help"))
                .isZero();
        assertThat(out.toString())
                .startsWith(
                        "Usage: splunk-sink redrive-dead-letters [-h] [--bucket=BUCKET] (--key=KEY | --prefix=PREFIX)");
    }

    @Test
    void usageErrors_areOneLineOnStderr_exit2() {
        assertThat(run(new SinkCommand(Map.of()), "replay")).isEqualTo(Commands.USAGE);
        assertThat(run(new SinkCommand(Map.of()), "replay", "TRIM_HORIZON", "--since", "x"))
                .isEqualTo(2);
        assertThat(run(new SinkCommand(Map.of()), "redrive-dead-letters", "--key", "a", "--prefix", "b"))
                .isEqualTo(2);
        assertThat(run(new SinkCommand(Map.of()), "redrive-dead-letters")).isEqualTo(2);
        assertThat(run(new SinkCommand(Map.of()), "replay-all")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly(
                        "splunk-sink replay: Missing required parameter: 'POSITION' (see 'splunk-sink replay --help')",
                        "splunk-sink replay: Unknown option: '--since' (see 'splunk-sink replay --help')",
                        "splunk-sink redrive-dead-letters: --key=KEY, --prefix=PREFIX are mutually exclusive (specify only "
                                + "one) (see 'splunk-sink redrive-dead-letters --help')",
                        "splunk-sink redrive-dead-letters: Missing required argument (specify one of these): (--key=KEY | "
                                + "--prefix=PREFIX) (see 'splunk-sink redrive-dead-letters --help')",
                        "splunk-sink: Unmatched argument at index 0: 'replay-all' (see 'splunk-sink --help')");
    }

    @Test
    void replayArgumentsThePositionRefuses_areUsageErrors_namingTheArgument() {
        Map<String, String> env = Map.of(
                "STREAM_NAME",
                "scan-changes",
                "APPLICATION_NAME",
                "scan-sink",
                "HEC_URLS",
                "http://127.0.0.1:1",
                "HEC_TOKEN",
                "t",
                "DEAD_LETTER_BUCKET",
                "b",
                "AWS_REGION",
                "us-east-1");
        assertThat(run(new ReplayCommand(env), "AT_TIMESTAMP", "noon")).isEqualTo(Commands.USAGE);
        assertThat(run(new ReplayCommand(env), "TRIM_HORIZON", "--application", "scan-sink"))
                .isEqualTo(2);
        assertThat(err.toString().lines())
                .hasSize(2)
                .allMatch(l -> l.startsWith("replay: ") && l.endsWith("(see 'replay --help')"));
        assertThat(err.toString()).contains("AT_TIMESTAMP must be an ISO-8601 time", "live application scan-sink");
    }

    @Test
    void missingConfiguration_isOneLineNamingTheVariable_exit2_noStackTrace() {
        assertThat(run(new ReplayCommand(Map.of()), "TRIM_HORIZON")).isEqualTo(Commands.USAGE);
        assertThat(run(new RedriveDeadLetters(Map.of()), "--prefix", "dead-letter/"))
                .isEqualTo(2);
        assertThat(run(new RedriveDeadLetters(Map.of()), "--prefix", "dead-letter/", "--bucket", "b"))
                .isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(3);
        assertThat(err.toString().lines().toList().get(0)).startsWith("replay: HEC_URLS is required");
        assertThat(err.toString().lines().toList().get(1))
                .isEqualTo("redrive-dead-letters: --bucket is required when "
                        + "DEAD_LETTER_BUCKET is not set (see 'redrive-dead-letters --help')");
        assertThat(err.toString().lines().toList().get(2)).startsWith("redrive-dead-letters: HEC_URLS");
        assertThat(err.toString()).doesNotContain("\tat ", "Exception");
    }
}
