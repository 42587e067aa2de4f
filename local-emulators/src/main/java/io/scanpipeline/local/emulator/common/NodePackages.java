package io.scanpipeline.local.emulator.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Installs the pinned Node.js emulators (dynalite and kinesis-local) into a local cache directory.
 *
 * <p>The {@code package.json} and {@code package-lock.json} ship as classpath resources under
 * {@code io/scanpipeline/local/emulator/common/node/}. {@link #ensureInstalled()} copies them into the cache directory and
 * runs {@code npm ci --no-audit --no-fund} there exactly once per lockfile, so a fresh clone needs nothing but
 * {@code node} and {@code npm} on the {@code PATH}.
 *
 * <p>The cache directory defaults to {@code ~/.cache/scan-pipeline/node-<first 12 hex of sha256(lockfile)>}; the
 * system property or environment variable {@value #CACHE_OVERRIDE} names another directory to use as is.
 */
public final class NodePackages {

    /** System property / environment variable that overrides the install directory. */
    public static final String CACHE_OVERRIDE = "SCAN_PIPELINE_NODE_CACHE";

    private static final String RESOURCE_DIR = "io/scanpipeline/local/emulator/common/node/";
    private static final String MARKER = ".scan-pipeline-installed";
    private static final long NPM_TIMEOUT_MINUTES = 10;
    // FileLock is per JVM, not per thread: a second thread of this JVM asking for it would get
    // OverlappingFileLockException, so threads queue on this lock first.
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private NodePackages() {}

    /**
     * Installs the emulators if that was not done yet (by this or any other process) and returns the directory
     * that holds {@code node_modules}.
     *
     * @throws IllegalStateException when {@code node}/{@code npm} is missing or {@code npm ci} fails; the message
     *                               names the command and carries its output
     */
    public static Path ensureInstalled() {
        byte[] lock = resource("package-lock.json");
        byte[] manifest = resource("package.json");
        String lockHash = sha256Hex(lock);
        Path dir = installDir(lockHash.substring(0, 12));
        if (isComplete(dir, lockHash)) {
            return dir;
        }
        IN_PROCESS.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(
                    dir.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock fileLock = channel.lock(); // blocks while another JVM installs
                try {
                    // That other JVM may have finished the install while we waited.
                    if (!isComplete(dir, lockHash)) {
                        install(dir, manifest, lock, lockHash);
                    }
                } finally {
                    fileLock.release();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Node packages in " + dir, e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** The main script of an installed package, e.g. {@code module("dynalite", "cli.js")}. */
    static Path module(String packageName, String file) {
        return ensureInstalled().resolve("node_modules").resolve(packageName).resolve(file);
    }

    /** The {@code node} executable to run; {@code node} from the {@code PATH}. */
    static String nodeExecutable() {
        return "node";
    }

    /** Build hook: {@code mvn} calls this in process-test-classes so tests find the packages installed. */
    public static void main(String[] args) {
        Path dir = ensureInstalled();
        System.out.println("[scan-pipeline] Node emulators ready in " + dir);
    }

    static Path installDir(String lockHashPrefix) {
        String override = System.getProperty(CACHE_OVERRIDE);
        if (override == null || override.isBlank()) {
            override = System.getenv(CACHE_OVERRIDE);
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "scan-pipeline", "node-" + lockHashPrefix);
    }

    private static boolean isComplete(Path dir, String lockHash) {
        Path marker = dir.resolve(MARKER);
        try {
            // The marker holds the full lockfile hash, so an overridden directory that was installed from an older
            // lockfile is reinstalled instead of silently used.
            return Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(lockHash)
                    && Files.isDirectory(dir.resolve("node_modules"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void install(Path dir, byte[] manifest, byte[] lock, String lockHash) throws IOException {
        Files.deleteIfExists(dir.resolve(MARKER));
        Files.write(dir.resolve("package.json"), manifest);
        Files.write(dir.resolve("package-lock.json"), lock);
        run(dir, List.of(nodeExecutable(), "--version"));
        run(dir, List.of(npmExecutable(), "ci", "--no-audit", "--no-fund"));
        Path tmp = dir.resolve(MARKER + ".tmp");
        Files.writeString(tmp, lockHash + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void run(Path dir, List<String> command) {
        String shown = String.join(" ", command);
        Path output = dir.resolve("npm-install.log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot run '" + shown + "' in " + dir + ": " + e.getMessage()
                            + ". Node.js 20 or newer (dynalite 4 requires it) with npm must be installed and on the PATH.",
                    e);
        }
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + shown + "' in " + dir + " did not finish within "
                        + NPM_TIMEOUT_MINUTES + " minutes. Output:\n" + readQuietly(output));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running '" + shown + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("'" + shown + "' in " + dir + " failed with exit code "
                    + process.exitValue() + ". Output:\n" + readQuietly(output));
        }
    }

    private static String npmExecutable() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unavailable: " + e.getMessage() + ")";
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NodePackages.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + RESOURCE_DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
