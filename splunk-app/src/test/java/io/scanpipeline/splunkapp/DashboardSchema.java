package io.scanpipeline.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Splunk's Dashboard Studio schema, as npm's {@code @splunk/dashboard-definition} exports it ({@code defaultSchema}),
 * applied with the ajv that package depends on, by a small Node script ({@code validate-definitions.js}). The
 * package is installed with {@code npm ci} from the committed lockfile (test resources {@code node/}) into
 * {@code ~/.cache/scan-pipeline/dashboard-schema-<first 12 hex of sha256(lockfile)>}, once per lockfile, the way
 * local-emulators installs its Node emulators; later runs are offline.
 */
final class DashboardSchema {

    private static final String RESOURCES = "/io/scanpipeline/splunkapp/node/";
    private static final String MARKER = ".scan-pipeline-installed";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One schema violation: the JSON pointer into the definition and ajv's message. */
    record Violation(String path, String message) {}

    private DashboardSchema() {}

    /** dashboard name -> its violations (empty when valid), for each of {@code definitions}. */
    static Map<String, List<Violation>> validate(Map<String, JsonNode> definitions) {
        Path dir = ensureInstalled();
        try {
            Files.write(dir.resolve("validate-definitions.js"), resource("validate-definitions.js"));
            Process process = new ProcessBuilder("node", "validate-definitions.js")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                JSON.writeValue(in, definitions);
            }
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readAllBytes();
            }
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("node validate-definitions.js in " + dir + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
            Map<String, List<Violation>> result = new LinkedHashMap<>();
            JSON.readTree(output).properties().forEach(entry -> {
                List<Violation> violations = new ArrayList<>();
                entry.getValue()
                        .forEach(v -> violations.add(new Violation(
                                v.path("path").asText(), v.path("message").asText())));
                result.put(entry.getKey(), violations);
            });
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path ensureInstalled() {
        byte[] lock = resource("package-lock.json");
        String hash = sha256(lock);
        Path dir = Path.of(
                System.getProperty("user.home"),
                ".cache",
                "scan-pipeline",
                "dashboard-schema-" + hash.substring(0, 12));
        if (installed(dir, hash)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(
                            dir.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (!installed(dir, hash)) {
                    Files.write(dir.resolve("package.json"), resource("package.json"));
                    Files.write(dir.resolve("package-lock.json"), lock);
                    Path log = dir.resolve("npm-install.log");
                    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
                    if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                        npm.destroyForcibly();
                        throw new IllegalStateException("npm ci in " + dir + " failed (Node.js 20 and npm must be on "
                                + "the PATH): " + Files.readString(log));
                    }
                    Path tmp = dir.resolve(MARKER + ".tmp");
                    Files.writeString(tmp, hash + "\n");
                    Files.move(
                            tmp,
                            dir.resolve(MARKER),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install @splunk/dashboard-definition into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed(Path dir, String hash) {
        try {
            return Files.isRegularFile(dir.resolve(MARKER))
                    && Files.readString(dir.resolve(MARKER)).trim().equals(hash)
                    && Files.isDirectory(dir.resolve("node_modules/@splunk/dashboard-definition"));
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardSchema.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
