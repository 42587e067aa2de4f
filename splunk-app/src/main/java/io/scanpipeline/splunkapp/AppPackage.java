package io.scanpipeline.splunkapp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds the Splunk app package {@code scan_pipeline-<version>.tgz}: the folder {@code scan_pipeline/} holding the
 * app's {@code default/}, {@code metadata/}, {@code lookups/}, {@code static/} (when present) and {@code README.md}
 * — never the module's pom.xml, src/ or target/.
 *
 * <p>Reproducible: entries sorted by path, every timestamp {@link #ENTRY_TIME}, owner 0/0 without names, modes 0644
 * (files) and 0755 (folders), gzip header without a time; the same sources give the same bytes.
 *
 * <p>Refuses (IllegalStateException naming the file) what Splunk/AppInspect reject: a {@code local/} folder or
 * {@code local.meta}, hidden files, an app.conf whose {@code [id] version} differs from the project version without
 * {@code -SNAPSHOT}.
 */
public final class AppPackage {

    /** The app id: the folder name in the package, [id] name and [package] id of app.conf. */
    public static final String APP_ID = "scan_pipeline";
    /** The folders and files of the module that are the app. */
    public static final List<String> APP_CONTENT = List.of("default", "metadata", "lookups", "static", "README.md");

    static final Instant ENTRY_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private static final Pattern ID_VERSION = Pattern.compile("(?m)^\\[id\\]\\s*$[^\\[]*?^version\\s*=\\s*(\\S+)\\s*$");

    private AppPackage() {}

    /** Maven's package phase: {@code AppPackage <module dir> <project version> <target dir>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AppPackage <module dir> <project version> <target dir>");
        }
        Path out = build(Path.of(args[0]), args[1], Path.of(args[2]));
        System.out.println("[scan-pipeline] Splunk app package " + out);
    }

    /** The app version for a Maven project version: {@code 0.1.0-SNAPSHOT} -> {@code 0.1.0}. */
    public static String appVersion(String projectVersion) {
        return projectVersion.endsWith("-SNAPSHOT")
                ? projectVersion.substring(0, projectVersion.length() - "-SNAPSHOT".length())
                : projectVersion;
    }

    /** The package file name for a project version. */
    public static String fileName(String projectVersion) {
        return APP_ID + "-" + appVersion(projectVersion) + ".tgz";
    }

    /** Writes {@code <targetDir>/scan_pipeline-<app version>.tgz} from the app in {@code moduleDir}. */
    public static Path build(Path moduleDir, String projectVersion, Path targetDir) throws IOException {
        String version = appVersion(projectVersion);
        String declared = declaredVersion(moduleDir.resolve("default/app.conf"));
        if (!version.equals(declared)) {
            throw new IllegalStateException(moduleDir.resolve("default/app.conf") + ": [id] version is " + declared
                    + " but the Maven project version " + projectVersion + " makes the app version " + version);
        }
        List<String> entries = entries(moduleDir);
        Files.createDirectories(targetDir);
        Path out = targetDir.resolve(fileName(projectVersion));
        Path tmp = targetDir.resolve(out.getFileName() + ".tmp");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp));
                GZIPOutputStream gzip = new GZIPOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<String> all = new ArrayList<>();
            all.add("");
            all.addAll(entries);
            for (String relative : all) {
                Path source = relative.isEmpty() ? moduleDir : moduleDir.resolve(relative);
                boolean directory = Files.isDirectory(source);
                String name = relative.isEmpty() ? APP_ID + "/" : APP_ID + "/" + relative + (directory ? "/" : "");
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setModTime(Date.from(ENTRY_TIME));
                entry.setIds(0, 0);
                entry.setUserName("");
                entry.setGroupName("");
                entry.setMode(directory ? 040755 : 0100644);
                if (!directory) {
                    entry.setSize(Files.size(source));
                }
                tar.putArchiveEntry(entry);
                if (!directory) {
                    Files.copy(source, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** The app's paths relative to the module, folders before their content, sorted; the top folder first. */
    static List<String> entries(Path moduleDir) throws IOException {
        List<String> result = new ArrayList<>();
        for (String top : APP_CONTENT) {
            Path path = moduleDir.resolve(top);
            if (!Files.exists(path)) {
                if (!top.equals("static")) {
                    throw new IllegalStateException("the Splunk app lacks " + path);
                }
                continue;
            }
            try (Stream<Path> walk = Files.walk(path)) {
                walk.map(p -> moduleDir.relativize(p).toString().replace('\\', '/'))
                        .forEach(result::add);
            }
        }
        if (Files.exists(moduleDir.resolve("local"))) {
            throw new IllegalStateException(moduleDir.resolve("local") + ": an app must not ship local/ (AppInspect "
                    + "check_that_local_does_not_exist); admins' settings go there after installation");
        }
        for (String entry : result) {
            String name = entry.substring(entry.lastIndexOf('/') + 1);
            if (name.startsWith(".") || name.equals("local.meta")) {
                throw new IllegalStateException(moduleDir.resolve(entry) + ": hidden files and local.meta are not "
                        + "allowed in a Splunk app");
            }
        }
        result.sort(String::compareTo);
        return result;
    }

    static String declaredVersion(Path appConf) {
        try {
            Matcher matcher = ID_VERSION.matcher(Files.readString(appConf, StandardCharsets.UTF_8));
            if (!matcher.find()) {
                throw new IllegalStateException(appConf + " has no [id] stanza with a version");
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
