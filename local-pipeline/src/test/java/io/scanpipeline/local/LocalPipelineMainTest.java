package io.scanpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.cli.Commands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/local}'s command line through picocli's execute. None of these starts the pipeline: help, and
 * arguments refused before anything starts (the run itself is {@code LocalPipelineIT}'s).
 */
class LocalPipelineMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Commands.run(new LocalPipelineMain(), new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void help_listsUpAndDemo_onStdout_exit0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: bin/local [-h] [COMMAND]").contains("  up  ", "  demo  ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void noCommand_printsTheUsage_exit0_asBefore() {
        assertThat(run()).isZero();
        assertThat(out.toString()).startsWith("Usage: bin/local [-h] [COMMAND]");
    }

    @Test
    void demoHelp_keepsEveryOptionName_andSaysWhenItFails() {
        assertThat(run("demo", "-h")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: bin/local demo [-h] [--config=FILE] [--persist=DIR]")
                .contains(
                        "--config=FILE",
                        "--persist=DIR",
                        "--bucket=NAME",
                        "--samples=DIR",
                        "--app=DIR",
                        "--dashboards-port=N",
                        "--hec-indexers=N",
                        "--serve",
                        "1   not every change arrived");
        out.getBuffer().setLength(0);
        assertThat(run("up", "--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: bin/local up [-h]")
                .contains("--hec-indexers=N")
                .doesNotContain("--serve");
    }

    @Test
    void usageErrors_areOneLineOnStderr_exit2_beforeAnythingStarts(@TempDir Path dir) throws Exception {
        assertThat(run("down")).isEqualTo(Commands.USAGE);
        assertThat(run("demo", "--hec-indexers", "17")).isEqualTo(2);
        assertThat(run("demo", "--dashboards-port", "http")).isEqualTo(2);
        assertThat(run("up", "--config", dir.resolve("none.json").toString())).isEqualTo(2);
        assertThat(run("up", "--serve")).isEqualTo(2);
        Path config = Files.writeString(dir.resolve("pipeline.json"), "{}");
        Files.createDirectories(dir.resolve("app/default/data/ui/views"));
        assertThat(run(
                        "demo",
                        "--config",
                        config.toString(),
                        "--app",
                        dir.resolve("app").toString(),
                        "--samples",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly(
                        "bin/local: Unmatched argument at index 0: 'down' (see 'bin/local --help')",
                        "bin/local demo: --hec-indexers must be a number of indexers 1-16, got 17 (see 'bin/local demo --help')",
                        "bin/local demo: Invalid value for option '--dashboards-port': 'http' is not an int (see 'bin/local "
                                + "demo --help')",
                        "bin/local up: --config " + dir.resolve("none.json")
                                + " does not exist (run from the repository " + "root) (see 'bin/local up --help')",
                        "bin/local up: Unknown option: '--serve' (see 'bin/local up --help')",
                        "bin/local demo: --samples " + dir
                                + " holds no employees.json and scans/ (run from the repository "
                                + "root) (see 'bin/local demo --help')");
    }
}
