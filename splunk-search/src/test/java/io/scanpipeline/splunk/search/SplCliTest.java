package io.scanpipeline.splunk.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SplCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path events(Path dir) throws IOException {
        Path file = dir.resolve("events.ndjson");
        StringBuilder b = new StringBuilder();
        for (String id : new String[] {"e1", "e2"}) {
            b.append("{\"receivedAt\":\"2024-12-05T12:00:01Z\",\"path\":\"/services/collector/event\",\"hec\":")
                    .append(Fixtures.finding(1733400000, id, "INSERT", "HIGH", "CVE-1", "trivy/a.json"))
                    .append("}\n");
        }
        Files.writeString(file, b.toString());
        return file;
    }

    @Test
    void printsResultsAsJsonLines(@TempDir Path dir) throws IOException {
        int code = run(
                "--app",
                Fixtures.testApp().toString(),
                "--events",
                events(dir).toString(),
                "* | stats count, values(owner) AS owners by eventName");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("{\"eventName\":\"INSERT\",\"count\":\"2\",\"owners\":[\"team-a\",\"team-b\"]}");
    }

    @Test
    void help_printsUsageOnStdout_exit0() {
        assertThat(run("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: spl [-h] --app=DIR --events=FILE [--earliest=TIME] [--latest=TIME] SPL");
        assertThat(run("--app", "x", "--help"))
                .as("help wins over missing arguments")
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void usageErrorsExitWith2_oneLineEach_refusedSearchesWith1(@TempDir Path dir) throws IOException {
        assertThat(run("--app")).isEqualTo(2);
        assertThat(run("--app", "x", "--events", "y", "spl", "extra")).isEqualTo(2);
        assertThat(run("--app", dir.resolve("none").toString(), "--events", "y", "spl"))
                .isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "spl: Missing required parameter for option '--app' (DIR) (see 'spl --help')",
                        "spl: Unmatched argument at index 5: 'extra' (see 'spl --help')",
                        "spl: --app " + dir.resolve("none") + " is not a folder (see 'spl --help')");
        err.reset();
        assertThat(run(
                        "--app",
                        Fixtures.testApp().toString(),
                        "--events",
                        events(dir).toString(),
                        "* | rex x"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("spl: search refused: ")
                .contains("not supported by the local search stand-in: rex")
                .hasLineCount(1);
    }
}
