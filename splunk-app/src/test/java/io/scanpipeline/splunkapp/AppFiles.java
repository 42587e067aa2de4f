package io.scanpipeline.splunkapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the app's files are: this module's folder, or the folder named by the system property
 * {@value #APP_DIR_PROPERTY} (to run the checks against another copy of the app, e.g. an older commit's
 * {@code git archive}).
 */
final class AppFiles {

    static final String APP_DIR_PROPERTY = "scanpipeline.splunkapp.dir";

    private AppFiles() {}

    static Path dir() {
        String override = System.getProperty(APP_DIR_PROPERTY);
        Path dir = override == null || override.isBlank() ? Path.of("").toAbsolutePath() : Path.of(override);
        if (!Files.isRegularFile(dir.resolve("default/app.conf"))) {
            throw new IllegalStateException("no Splunk app (default/app.conf) in " + dir);
        }
        return dir;
    }

    /** The repository root (the parent of this module). */
    static Path repo() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static ConfFile conf(String name) {
        Path file = dir().resolve("default").resolve(name);
        return Files.exists(file) ? ConfFile.parse(file) : ConfFile.empty(file);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
