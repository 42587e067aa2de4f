package io.scanpipeline.splunkapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Splunk .conf file as Splunk reads it: {@code [stanza]} headers, {@code key = value} lines (the value is the rest
 * of the line, trimmed), {@code #} comment lines, a trailing backslash continuing a value on the next line.
 */
record ConfFile(Path file, Map<String, Map<String, String>> stanzas) {

    static ConfFile empty(Path file) {
        return new ConfFile(file, Map.of());
    }

    static ConfFile parse(Path file) {
        try {
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfFile parse(Path file, List<String> lines) {
        Map<String, Map<String, String>> stanzas = new LinkedHashMap<>();
        Map<String, String> current = stanzas.computeIfAbsent("default", k -> new LinkedHashMap<>());
        StringBuilder pending = null;
        String pendingKey = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (pending != null) {
                pending.append('\n').append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line);
                if (!line.endsWith("\\")) {
                    current.put(pendingKey, pending.toString().strip());
                    pending = null;
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = stanzas.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(file + ": not a stanza, key = value or comment: " + raw);
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (value.endsWith("\\")) {
                pending = new StringBuilder(value.substring(0, value.length() - 1));
                pendingKey = key;
            } else {
                current.put(key, value);
            }
        }
        stanzas.values().removeIf(Map::isEmpty);
        return new ConfFile(file, stanzas);
    }

    Map<String, String> stanza(String name) {
        return stanzas.getOrDefault(name, Map.of());
    }
}
