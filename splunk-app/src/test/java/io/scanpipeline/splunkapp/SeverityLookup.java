package io.scanpipeline.splunkapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** The rows of lookups/scan_pipeline_severity.csv without its header: scanner,vendor_severity,severity,severity_id. */
final class SeverityLookup {

    static final String HEADER = "scanner,vendor_severity,severity,severity_id";

    private SeverityLookup() {}

    static List<String> rows() throws IOException {
        List<String> lines = Files.readAllLines(
                AppFiles.dir().resolve("lookups/scan_pipeline_severity.csv"), StandardCharsets.UTF_8);
        if (!lines.get(0).equals(HEADER)) {
            throw new IllegalStateException("the severity lookup's header is not " + HEADER + ": " + lines.get(0));
        }
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    }
}
