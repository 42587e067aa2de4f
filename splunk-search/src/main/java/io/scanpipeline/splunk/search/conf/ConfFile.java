package io.scanpipeline.splunk.search.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Splunk .conf file: stanzas of {@code key = value} in file order. Faithful to Splunk's reader: lines starting
 * with {@code #} are comments, a trailing backslash continues the value on the next line, settings before the first
 * stanza belong to {@code [default]}, a repeated key keeps the last value. {@link #overlay} merges
 * {@code local/} over {@code default/} per key.
 */
public final class ConfFile {
    private final Map<String, Map<String, String>> stanzas;

    private ConfFile(Map<String, Map<String, String>> stanzas) {
        this.stanzas = stanzas;
    }

    public static ConfFile empty() {
        return new ConfFile(new LinkedHashMap<>());
    }

    public static ConfFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static ConfFile parse(String text) {
        Map<String, Map<String, String>> stanzas = new LinkedHashMap<>();
        Map<String, String> current = stanzas.computeIfAbsent("default", k -> new LinkedHashMap<>());
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = stanzas.computeIfAbsent(
                        line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            StringBuilder full = new StringBuilder(lines[i].stripLeading());
            while (full.toString().endsWith("\\") && i + 1 < lines.length) {
                full.setLength(full.length() - 1);
                full.append('\n').append(lines[++i]);
            }
            int eq = full.indexOf("=");
            if (eq < 0) {
                continue;
            }
            current.put(full.substring(0, eq).strip(), full.substring(eq + 1).strip());
        }
        return new ConfFile(stanzas);
    }

    /** This file with {@code local}'s keys replacing or adding to this one's, per stanza. */
    public ConfFile overlay(ConfFile local) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>();
        stanzas.forEach((k, v) -> merged.put(k, new LinkedHashMap<>(v)));
        local.stanzas.forEach(
                (k, v) -> merged.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
        return new ConfFile(merged);
    }

    public List<String> stanzaNames() {
        return Collections.unmodifiableList(new ArrayList<>(stanzas.keySet()));
    }

    /** The stanza's settings, in file order; empty when absent. */
    public Map<String, String> stanza(String name) {
        return Collections.unmodifiableMap(stanzas.getOrDefault(name, Map.of()));
    }

    public boolean has(String name) {
        return stanzas.containsKey(name);
    }

    /** Splunk's boolean values: 1/0, true/false, t/f, yes/no, y/n, on/off? Only the documented ones. */
    public static boolean bool(String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.strip().toLowerCase()) {
            case "1", "true", "t", "yes", "y" -> true;
            case "0", "false", "f", "no", "n" -> false;
            default -> defaultValue;
        };
    }
}
