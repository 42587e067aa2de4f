package io.scanpipeline.local.emulator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePackagesTest {

    @Test
    void installsThePinnedPackagesOnceIntoTheCache() {
        Path dir = NodePackages.ensureInstalled();

        assertThat(dir.resolve("node_modules/dynalite/cli.js")).isRegularFile();
        assertThat(dir.resolve("node_modules/kinesis-local/main.js")).isRegularFile();
        assertThat(dir.resolve("package-lock.json")).isRegularFile();
        // A second call finds the marker and returns at once.
        assertThat(NodePackages.ensureInstalled()).isEqualTo(dir);
    }

    @Test
    void defaultDirectoryIsNamedAfterTheLockfileHash() {
        assumeTrue(
                System.getProperty(NodePackages.CACHE_OVERRIDE) == null
                        && System.getenv(NodePackages.CACHE_OVERRIDE) == null,
                "cache directory overridden");
        assertThat(NodePackages.installDir("0123456789ab"))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "scan-pipeline", "node-0123456789ab"));
        assertThat(NodePackages.ensureInstalled().getFileName().toString()).matches("node-[0-9a-f]{12}");
    }

    @Test
    void overrideNamesTheDirectory(@TempDir Path tmp) {
        String previous = System.getProperty(NodePackages.CACHE_OVERRIDE);
        System.setProperty(NodePackages.CACHE_OVERRIDE, tmp.resolve("custom").toString());
        try {
            assertThat(NodePackages.installDir("0123456789ab")).isEqualTo(tmp.resolve("custom"));
        } finally {
            if (previous == null) {
                System.clearProperty(NodePackages.CACHE_OVERRIDE);
            } else {
                System.setProperty(NodePackages.CACHE_OVERRIDE, previous);
            }
        }
        assertThat(Files.exists(tmp.resolve("custom"))).isFalse();
    }
}
