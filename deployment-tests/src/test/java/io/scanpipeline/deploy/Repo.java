package io.scanpipeline.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository: the root comes from the build ({@code scanpipeline.root}, set in the pom). */
final class Repo {

    private Repo() {}

    static Path root() {
        String configured = System.getProperty("scanpipeline.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("template.yaml"))) {
            throw new IllegalStateException("no template.yaml under " + root + " (set -Dscanpipeline.root)");
        }
        return root;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }
}
