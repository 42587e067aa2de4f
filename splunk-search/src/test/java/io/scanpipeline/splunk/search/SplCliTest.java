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
        return SplCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path events(Path dir) throws IOException {
        Path file = dir.resolve("events.ndjson");
        StringBuilder b = new StringBuilder();
        for (String id : new String[] {"e1", "e2"}) {
            b.append("{\"receivedAt\":\"2024-12-05T12:00:01Z\",\"path\":\"/services/collector/event\",\"hec\":")
                    .append(Fixtures.finding(1733400000, id, "INSERT", "HIGH", "CVE-1", "trivy/a.json")).append("}\n");
        }
        Files.writeString(file, b.toString());
        return file;
    }

    @Test
    void printsResultsAsJsonLines(@TempDir Path dir) throws IOException {
        int code = run("--app", Fixtures.testApp().toString(), "--events", events(dir).toString(),
                "* | stats count, values(owner) AS owners by eventName");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("{\"eventName\":\"INSERT\",\"count\":\"2\",\"owners\":[\"team-a\",\"team-b\"]}");
    }

    @Test
    void usageErrorsExitWith2_refusedSearchesWith1(@TempDir Path dir) throws IOException {
        assertThat(run("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: SplCli");
        assertThat(run("--app")).isEqualTo(2);
        assertThat(run("--app", "x", "--events", "y", "spl", "extra")).isEqualTo(2);
        assertThat(run("--app", Fixtures.testApp().toString(), "--events", events(dir).toString(), "* | rex x")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not supported by the local search stand-in: rex");
    }
}
