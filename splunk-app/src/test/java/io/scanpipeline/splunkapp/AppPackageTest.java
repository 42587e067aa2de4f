package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppPackage on small app folders: what it takes, what it refuses. AppPackageIT checks the real package. */
class AppPackageTest {

    @TempDir
    Path module;

    @Test
    void entries_areTheAppFoldersAndReadmeSortedWithoutModuleFiles() throws IOException {
        app("0.1.0");
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Files.createDirectories(module.resolve("src/main/java"));
        Files.createDirectories(module.resolve("target"));
        assertThat(AppPackage.entries(module))
                .containsExactly(
                        "README.md",
                        "default",
                        "default/app.conf",
                        "lookups",
                        "lookups/a.csv",
                        "metadata",
                        "metadata/default.meta");
    }

    @Test
    void appVersion_isTheProjectVersionWithoutSnapshot() {
        assertThat(AppPackage.appVersion("1.2.3-SNAPSHOT")).isEqualTo("1.2.3");
        assertThat(AppPackage.fileName("1.2.3")).isEqualTo("scan_pipeline-1.2.3.tgz");
    }

    @Test
    void build_refusesAnAppConfVersionThatDiffersFromTheProject() throws IOException {
        app("0.0.9");
        assertThatThrownBy(() -> AppPackage.build(module, "0.1.0-SNAPSHOT", module.resolve("target")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[id] version is 0.0.9")
                .hasMessageContaining("0.1.0");
    }

    @Test
    void build_refusesLocalFoldersLocalMetaAndHiddenFiles() throws IOException {
        app("0.1.0");
        Files.createDirectories(module.resolve("local"));
        assertThatThrownBy(() -> AppPackage.build(module, "0.1.0", module.resolve("target")))
                .hasMessageContaining("local/");
        Files.delete(module.resolve("local"));
        Files.writeString(module.resolve("metadata/local.meta"), "");
        assertThatThrownBy(() -> AppPackage.build(module, "0.1.0", module.resolve("target")))
                .hasMessageContaining("local.meta");
        Files.delete(module.resolve("metadata/local.meta"));
        Files.writeString(module.resolve("default/.DS_Store"), "");
        assertThatThrownBy(() -> AppPackage.build(module, "0.1.0", module.resolve("target")))
                .hasMessageContaining(".DS_Store");
    }

    private void app(String version) throws IOException {
        Files.createDirectories(module.resolve("default"));
        Files.createDirectories(module.resolve("metadata"));
        Files.createDirectories(module.resolve("lookups"));
        Files.write(
                module.resolve("default/app.conf"),
                List.of(
                        "[id]",
                        "name = scan_pipeline",
                        "version = " + version,
                        "",
                        "[launcher]",
                        "version = " + version));
        Files.writeString(module.resolve("metadata/default.meta"), "[]\nexport = none\n");
        Files.writeString(module.resolve("lookups/a.csv"), "a,b\n");
        Files.writeString(module.resolve("README.md"), "# app\n");
    }
}
