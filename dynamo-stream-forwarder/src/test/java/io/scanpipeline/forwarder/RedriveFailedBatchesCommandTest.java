package io.scanpipeline.forwarder;

import static io.scanpipeline.forwarder.RedriveFailedBatchesTest.onFailure;
import static io.scanpipeline.forwarder.RedriveFailedBatchesTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/redrive-failed-batches}: its command line through picocli's execute, on a fake Kinesis of ours. */
class RedriveFailedBatchesCommandTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2024-01-01T00:00:05Z"));
    private final FakeKinesis kinesis = new FakeKinesis(clock, Duration.ofMillis(20));
    private final AtomicInteger servicesBuilt = new AtomicInteger();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        RedriveFailedBatchesCommand command = new RedriveFailedBatchesCommand(Map.of(), env -> service());
        return Commands.run(command, new PrintWriter(out), new PrintWriter(err), args);
    }

    private ForwarderService service() {
        servicesBuilt.incrementAndGet();
        ForwarderConfig config = ForwarderConfig.defaults("changes");
        KinesisPublisher publisher = new KinesisPublisher(
                kinesis,
                config.streamName(),
                config.streamArn(),
                new Backoff(config.retryBaseBackoff(), config.retryMaxBackoff()),
                clock.sleeper(new ArrayList<>()),
                () -> 0.5);
        return new ForwarderService(config, publisher, null, StructuredLog.to("test", l -> {}), clock);
    }

    private Path onFailureFile() throws Exception {
        Path file = dir.resolve("forwarder-on-failure.jsonl");
        Files.writeString(
                file,
                Json.mapper()
                                .writeValueAsString(onFailure(
                                        "100",
                                        "200",
                                        record("INSERT", "100", "E1", "security"),
                                        record("INSERT", "200", "E2", "security")))
                        + "\n");
        return file;
    }

    @Test
    void help_printsUsageOnStdout_exit0_beforeAnyConfigurationIsRead() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: redrive-failed-batches [-h] (--bucket=BUCKET [--prefix=PREFIX] | --file=FILE)")
                .contains("--prefix=PREFIX", "2   invalid arguments or configuration");
        assertThat(err.toString()).isEmpty();
        assertThat(servicesBuilt).hasValue(0);
    }

    @Test
    void usageErrors_areOneLineOnStderr_exit2_andSendNothing() {
        assertThat(run()).isEqualTo(Commands.USAGE);
        assertThat(run("--bucket", "b", "--file", "f")).isEqualTo(2);
        assertThat(run("--file", "f", "--prefix", "p")).isEqualTo(2);
        assertThat(run("--bucket")).isEqualTo(2);
        assertThat(err.toString().lines())
                .containsExactly(
                        "redrive-failed-batches: one of --bucket or --file is required (see 'redrive-failed-batches --help')",
                        "redrive-failed-batches: --bucket and --file exclude each other (see 'redrive-failed-batches --help')",
                        "redrive-failed-batches: --prefix goes with --bucket (see 'redrive-failed-batches --help')",
                        "redrive-failed-batches: Missing required parameter for option '--bucket' (BUCKET) (see "
                                + "'redrive-failed-batches --help')");
        assertThat(servicesBuilt).hasValue(0);
        assertThat(kinesis.requests).isEmpty();
    }

    @Test
    void missingFile_isOneLineNamingIt_exit2() {
        assertThat(run("--file", dir.resolve("nope.jsonl").toString())).isEqualTo(Commands.USAGE);
        assertThat(err.toString())
                .isEqualTo(
                        "redrive-failed-batches: no such file: " + dir.resolve("nope.jsonl") + System.lineSeparator());
    }

    @Test
    void missingStreamVariable_isOneLineNamingIt_exit2_noStackTrace() throws Exception {
        RedriveFailedBatchesCommand command = new RedriveFailedBatchesCommand(Map.of(), ForwarderHandler::fromEnv);
        assertThat(Commands.run(
                        command,
                        new PrintWriter(out),
                        new PrintWriter(err),
                        "--file",
                        onFailureFile().toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .startsWith("redrive-failed-batches: STREAM_NAME")
                .hasLineCount(1);
    }

    @Test
    void everyBatchForwarded_exit0() throws Exception {
        assertThat(run("--file", onFailureFile().toString())).isZero();
        assertThat(kinesis.stored).hasSize(2);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void kinesisStillDown_isOneLineSayingWhereItStopped_exit1() throws Exception {
        kinesis.answering((call, entries) -> new ArrayList<>(Collections.nCopies(entries.size(), "InternalFailure")));
        assertThat(run("--file", onFailureFile().toString())).isEqualTo(Commands.FAILED);
        assertThat(err.toString())
                .startsWith("redrive-failed-batches: stopped after 0 of 1 batches: ")
                .contains("line 1")
                .hasLineCount(1);
        assertThat(kinesis.stored).isEmpty();
    }
}
