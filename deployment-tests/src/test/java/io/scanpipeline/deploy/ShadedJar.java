package io.scanpipeline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * A shaded jar built by a module's {@code package} phase, and a class loader that sees only that jar (plus, when
 * asked, the Lambda runtime's event serialization), as the Lambda Java runtime would.
 */
final class ShadedJar {

    private final Path path;

    ShadedJar(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(path + " is missing: the module's package phase builds it (mvn -B package)");
        }
        this.path = path;
    }

    Path path() {
        return path;
    }

    List<String> entries() {
        try (JarFile jar = new JarFile(path.toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Manifest manifest() {
        try (JarFile jar = new JarFile(path.toFile())) {
            return jar.getManifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(String entry) {
        try (JarFile jar = new JarFile(path.toFile())) {
            ZipEntry zip = jar.getEntry(entry);
            if (zip == null) {
                throw new AssertionError(path.getFileName() + " has no " + entry);
            }
            return new String(jar.getInputStream(zip).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loader over this jar alone; the JDK's platform classes are its parent, nothing from the test classpath. */
    URLClassLoader isolatedLoader(Path... more) {
        try {
            URL[] urls = new URL[1 + more.length];
            urls[0] = path.toUri().toURL();
            for (int i = 0; i < more.length; i++) {
                urls[i + 1] = more[i].toUri().toURL();
            }
            return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
