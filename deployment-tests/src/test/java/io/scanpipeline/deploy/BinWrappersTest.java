package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bin/} wrappers of the tools whose jars this module's build has made (the sink's, the forwarder's and the
 * ingest's): help comes from the jar without running Maven, and a usage error is one line with exit 2. Maven is
 * replaced on the PATH by a script that records that it was called and fails, so a wrapper that builds when it should
 * not fails here.
 */
class BinWrappersTest {

    @TempDir
    Path dir;

    private Path mavenCalled;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void fakeMaven() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        mavenCalled = dir.resolve("mvn-called");
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"$@\" > '" + mavenCalled + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Repo.file(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("SKIP_BUILD");
        builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        builder.redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as(script + " finished")
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void help_printsTheJarsUsage_withoutRunningMaven() throws Exception {
        for (String tool : List.of("replay", "redrive-dead-letters", "redrive-failed-batches", "reingest")) {
            Run run = run("bin/" + tool, "--help");
            assertThat(run.code()).as(tool).isZero();
            assertThat(run.out())
                    .as(tool)
                    .startsWith("Usage: bin/" + tool + " [-h]")
                    .contains("Exit status:");
            assertThat(run.err()).as(tool).isEmpty();
            assertThat(mavenCalled).as(tool + " ran Maven").doesNotExist();
        }
    }

    @Test
    void anythingButHelp_buildsFirst_andAFailedBuildStopsTheWrapper() throws Exception {
        Run run = run("bin/redrive-failed-batches", "--bucket", "b", "--file", "f");
        assertThat(mavenCalled).exists();
        assertThat(Files.readString(mavenCalled)).contains("-pl dynamo-stream-forwarder -am package");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("exclude each other");
    }

    @Test
    void usageError_isOneLineOnStderr_exit2() throws Exception {
        ProcessBuilder skip = new ProcessBuilder(Repo.file("bin/replay").toString(), "AT_TIMESTAMP", "--until")
                .directory(dir.toFile());
        skip.environment().put("SKIP_BUILD", "1");
        skip.redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        Process process = skip.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out"))).isEmpty();
        assertThat(Files.readString(dir.resolve("err")))
                .isEqualTo("bin/replay: Missing required parameter for "
                        + "option '--until' (ISO_TIME) (see 'bin/replay --help')\n");
    }

    @Test
    void helpAfterDoubleDash_isAnArgument_notAHelpRequest() throws Exception {
        Process process = new ProcessBuilder("bash", "-c", ". bin/lib/build.sh; asks_for_help --bucket b -- --help")
                .directory(Repo.root().toFile())
                .start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        Process help = new ProcessBuilder("bash", "-c", ". bin/lib/build.sh; asks_for_help demo --serve -h")
                .directory(Repo.root().toFile())
                .start();
        assertThat(help.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
    }
}
