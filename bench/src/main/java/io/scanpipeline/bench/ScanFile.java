package io.scanpipeline.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.scanpipeline.core.Json;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Generates a Trivy-like container scan report: {@code Results[]} of {@value #RECORDS_PER_TARGET} vulnerabilities
 * each, about 1 KB per vulnerability (package, versions, layer digests, CVSS, references, a description), like
 * {@code trivy image -f json} writes. Record {@code i} depends only on {@code i}, so the first {@code n} records of
 * any generated file are identical: a prefix file is a true prefix.
 *
 * <p>The ingest rule used with it keeps 8 fields ({@link #PROJECTION}) and keys each item by target, CVE, package
 * and installed version ({@link #KEY_TEMPLATE}), as config/pipeline.json does for Trivy; every key is unique, so
 * files of disjoint record ranges ({@link #bytes(long, long)}) never share an item.
 */
public final class ScanFile {

    public static final int RECORDS_PER_TARGET = 1000;
    public static final String RECORD_PATH = "/Results/*/Vulnerabilities";
    public static final String PARTITION_KEY = "pk";
    public static final String KEY_TEMPLATE = "${Target}#${VulnerabilityID}#${PkgName}#${InstalledVersion}";
    public static final String PROJECTION =
            "Target,VulnerabilityID,PkgName,InstalledVersion,FixedVersion,Severity,Title,CVSS.nvd.V3Score=cvss";
    /** The same fields as {@link #PROJECTION}, for code that projects by hand: record path, attribute name. */
    public static final String[][] PROJECTED_FIELDS = {
        {"Target", "Target"}, {"VulnerabilityID", "VulnerabilityID"}, {"PkgName", "PkgName"},
        {"InstalledVersion", "InstalledVersion"}, {"FixedVersion", "FixedVersion"}, {"Severity", "Severity"},
        {"Title", "Title"}, {"CVSS.nvd.V3Score", "cvss"}
    };

    private static final String ARTIFACT = "registry.example.com/shop/api:1.42.0";
    private static final String[] PACKAGES = {
        "openssl",
        "libssl3",
        "zlib1g",
        "libc6",
        "curl",
        "libcurl4",
        "libxml2",
        "libexpat1",
        "libgnutls30",
        "tar",
        "perl-base",
        "libsqlite3-0",
        "libpcre2-8-0",
        "libtiff6",
        "libpng16-16",
        "libkrb5-3",
        "ncurses-base",
        "login",
        "passwd",
        "libsystemd0",
        "bash",
        "gzip",
        "libssh2-1"
    };
    private static final String[] SEVERITIES = {"LOW", "MEDIUM", "HIGH", "CRITICAL", "MEDIUM", "LOW", "UNKNOWN"};
    private static final String[] FLAWS = {
        "buffer overflow in the record parser",
        "use-after-free when a connection is closed early",
        "integer overflow in length calculation",
        "NULL pointer dereference on malformed input",
        "out-of-bounds read in the decoder",
        "denial of service via crafted archive",
        "improper certificate validation"
    };

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ScanFile() {}

    /** What was written. */
    public record Written(long records, long bytes) {}

    /** Writes records {@code 0 .. records-1}. */
    public static Written write(Path file, long records) throws IOException {
        return write(file, records, Long.MAX_VALUE);
    }

    /** Writes records until the file holds at least {@code minBytes} (for the memory figure). */
    public static Written writeAtLeast(Path file, long minBytes) throws IOException {
        return write(file, Long.MAX_VALUE, minBytes);
    }

    /**
     * A whole report in memory holding records {@code first .. first+records-1} only (a small scan, one object of
     * the end-to-end figure); the records are those of the same numbers in any other file.
     */
    public static byte[] bytes(long first, long records) throws IOException {
        return bytes(first, records, ARTIFACT);
    }

    /**
     * As {@link #bytes(long, long)}, for the image {@code artifact}: with the shipped rules a Trivy file is a snapshot
     * of its {@code ArtifactName}, so files meant as scans of different images must name different artifacts (scans
     * of one image replace each other).
     */
    public static byte[] bytes(long first, long records, String artifact) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(records * 1200 + 512, 1 << 24));
        write(out, first, first + records, Long.MAX_VALUE, artifact);
        return out.toByteArray();
    }

    /** The environment an {@code IngestConfig.fromEnv} needs for this file's rule. */
    public static Map<String, String> ingestEnv(String table, int writeConcurrency) {
        Map<String, String> env = new HashMap<>();
        env.put("TABLE_NAME", table);
        env.put("PARTITION_KEY", PARTITION_KEY);
        env.put("PARTITION_KEY_TEMPLATE", KEY_TEMPLATE);
        env.put("RECORD_PATH", RECORD_PATH);
        env.put("PROJECTION", PROJECTION);
        env.put("WRITE_CONCURRENCY", Integer.toString(writeConcurrency));
        return env;
    }

    /** Record {@code i} alone, as compact JSON (for the microbenchmarks). */
    public static byte[] recordJson(long i) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            record(g, i);
        }
        return out.toByteArray();
    }

    private static Written write(Path file, long maxRecords, long minBytes) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            return write(out, 0, maxRecords, minBytes, ARTIFACT);
        }
    }

    /** Writes records {@code first ..} up to {@code end} (exclusive) or until {@code minBytes} are written. */
    private static Written write(OutputStream out, long first, long end, long minBytes, String artifact)
            throws IOException {
        try (Counting counting = new Counting(out);
                JsonGenerator g = Json.mapper().getFactory().createGenerator(counting)) {
            g.writeStartObject();
            g.writeNumberField("SchemaVersion", 2);
            g.writeStringField("CreatedAt", "2025-06-01T08:00:00.000000001Z");
            g.writeStringField("ArtifactName", artifact);
            g.writeStringField("ArtifactType", "container_image");
            g.writeObjectFieldStart("Metadata");
            g.writeObjectFieldStart("OS");
            g.writeStringField("Family", "debian");
            g.writeStringField("Name", "12.5");
            g.writeEndObject();
            g.writeStringField("ImageID", "sha256:" + hex(7, 64));
            g.writeEndObject();
            g.writeArrayFieldStart("Results");
            long i = first;
            while (i < end && counting.count + g.getOutputBuffered() < minBytes) {
                if (i == first || i % RECORDS_PER_TARGET == 0) {
                    if (i > first) {
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeStartObject();
                    g.writeStringField("Target", artifact + " (debian 12.5) layer " + i / RECORDS_PER_TARGET);
                    g.writeStringField("Class", "os-pkgs");
                    g.writeStringField("Type", "debian");
                    g.writeArrayFieldStart("Vulnerabilities");
                }
                record(g, i++);
            }
            if (i > first) {
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            return new Written(i - first, counting.count);
        }
    }

    private static void record(JsonGenerator g, long i) throws IOException {
        String cve = "CVE-" + (2014 + i % 11) + "-" + (10000 + i);
        String pkg = PACKAGES[(int) (i % PACKAGES.length)];
        String installed = (1 + i % 7) + "." + (i % 13) + "." + (i % 5) + "-" + (i % 3 + 1);
        String fixed = (1 + i % 7) + "." + (i % 13) + "." + (i % 5 + 1) + "-1";
        g.writeStartObject();
        g.writeStringField("VulnerabilityID", cve);
        g.writeStringField("PkgID", pkg + "@" + installed);
        g.writeStringField("PkgName", pkg);
        g.writeObjectFieldStart("PkgIdentifier");
        g.writeStringField("PURL", "pkg:deb/debian/" + pkg + "@" + installed + "?arch=amd64&distro=debian-12.5");
        g.writeStringField("UID", hex(i, 16));
        g.writeEndObject();
        g.writeStringField("InstalledVersion", installed);
        g.writeStringField("FixedVersion", fixed);
        g.writeStringField("Status", "fixed");
        g.writeObjectFieldStart("Layer");
        g.writeStringField("Digest", "sha256:" + hex(i * 31 + 1, 64));
        g.writeStringField("DiffID", "sha256:" + hex(i * 17 + 3, 64));
        g.writeEndObject();
        g.writeStringField("SeveritySource", "nvd");
        g.writeStringField("PrimaryURL", "https://avd.aquasec.com/nvd/" + cve.toLowerCase(Locale.ROOT));
        g.writeStringField("Title", pkg + ": " + FLAWS[(int) (i % FLAWS.length)]);
        g.writeStringField(
                "Description",
                "A flaw was found in " + pkg + " before " + fixed + ". A remote attacker "
                        + "could send crafted input that triggers " + FLAWS[(int) ((i + 3) % FLAWS.length)]
                        + ", leading to a crash or, in some configurations, code execution.");
        g.writeStringField("Severity", SEVERITIES[(int) (i % SEVERITIES.length)]);
        g.writeArrayFieldStart("CweIDs");
        g.writeString("CWE-" + (20 + i % 700));
        g.writeEndArray();
        g.writeObjectFieldStart("VendorSeverity");
        g.writeNumberField("debian", 1 + i % 3);
        g.writeNumberField("nvd", 1 + i % 4);
        g.writeEndObject();
        g.writeObjectFieldStart("CVSS");
        g.writeObjectFieldStart("nvd");
        g.writeStringField("V3Vector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        g.writeNumberField("V3Score", BigDecimal.valueOf(10 + i % 91, 1));
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("References");
        g.writeString("https://security-tracker.debian.org/tracker/" + cve);
        g.writeString("https://nvd.nist.gov/vuln/detail/" + cve);
        g.writeEndArray();
        g.writeStringField("PublishedDate", (2014 + i % 11) + "-0" + (1 + i % 9) + "-1" + i % 10 + "T17:15:00Z");
        g.writeStringField("LastModifiedDate", "2025-0" + (1 + i % 5) + "-2" + i % 8 + "T10:00:00Z");
        g.writeEndObject();
    }

    /** {@code length} hex digits derived from {@code seed}, stable across runs. */
    private static String hex(long seed, int length) {
        StringBuilder out = new StringBuilder(length);
        long x = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        while (out.length() < length) {
            x ^= x >>> 29;
            x *= 0xBF58476D1CE4E5B9L;
            x ^= x >>> 32;
            for (int shift = 60; shift >= 0 && out.length() < length; shift -= 4) {
                out.append(HEX[(int) (x >>> shift) & 0xF]);
            }
        }
        return out.toString();
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
