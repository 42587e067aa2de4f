package io.scanpipeline.splunk.search;

import io.scanpipeline.splunk.search.conf.ConfFile;
import io.scanpipeline.splunk.search.conf.Knowledge;
import io.scanpipeline.splunk.search.conf.Lookup;
import io.scanpipeline.splunk.search.conf.LookupTable;
import io.scanpipeline.splunk.search.conf.Macros;
import io.scanpipeline.splunk.search.conf.Props;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Splunk app's knowledge: {@code default/*.conf} overlaid per key by {@code local/*.conf} (props, transforms,
 * eventtypes, tags, macros) and {@code lookups/*.csv}. Settings with search-time effects this stand-in does not
 * implement ({@code REPORT-}, {@code INDEXED_EXTRACTIONS}, {@code SEDCMD-}, {@code TRANSFORMS-}, external or KV-store
 * lookups) are refused when the app is loaded, naming the file, stanza and setting.
 */
public final class SplunkApp {
    private static final int DEFAULT_TRUNCATE = 10000;
    private final ConfFile propsConf;
    private final ConfFile transforms;
    private final ConfFile eventtypes;
    private final ConfFile tags;
    private final Macros macros;
    private final Map<String, LookupTable> files;
    private final Props props;
    private final Knowledge knowledge;
    private final Map<String, Lookup> lookups = new java.util.concurrent.ConcurrentHashMap<>();

    private SplunkApp(Map<String, ConfFile> confs, Map<String, LookupTable> files) {
        this.propsConf = confs.getOrDefault("props", ConfFile.empty());
        this.transforms = confs.getOrDefault("transforms", ConfFile.empty());
        this.eventtypes = confs.getOrDefault("eventtypes", ConfFile.empty());
        this.tags = confs.getOrDefault("tags", ConfFile.empty());
        this.macros = new Macros(confs.getOrDefault("macros", ConfFile.empty()));
        this.files = files;
        this.props = new Props(propsConf);
        this.knowledge = new Knowledge(this);
        validate();
    }

    public static SplunkApp empty() {
        return new SplunkApp(Map.of(), Map.of());
    }

    public static SplunkApp load(Path appFolder) {
        Map<String, ConfFile> confs = new HashMap<>();
        for (String name : List.of("props", "transforms", "eventtypes", "tags", "macros")) {
            ConfFile merged = ConfFile.empty();
            for (String layer : List.of("default", "local")) {
                Path file = appFolder.resolve(layer).resolve(name + ".conf");
                if (Files.isRegularFile(file)) {
                    merged = merged.overlay(ConfFile.read(file));
                }
            }
            confs.put(name, merged);
        }
        Map<String, LookupTable> files = new HashMap<>();
        Path lookups = appFolder.resolve("lookups");
        if (Files.isDirectory(lookups)) {
            try (Stream<Path> s = Files.list(lookups)) {
                s.filter(p -> p.getFileName().toString().endsWith(".csv"))
                        .forEach(p -> files.put(p.getFileName().toString(), LookupTable.read(p)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + lookups + ": " + e.getMessage(), e);
            }
        }
        return new SplunkApp(confs, files);
    }

    private void validate() {
        for (String stanza : propsConf.stanzaNames()) {
            for (String key : propsConf.stanza(stanza).keySet()) {
                if (key.startsWith("REPORT-")
                        || key.startsWith("SEDCMD-")
                        || key.startsWith("TRANSFORMS-")
                        || key.equals("INDEXED_EXTRACTIONS")) {
                    throw new SplException.BadArgument(
                            "props.conf [" + stanza + "] " + key + ": " + SplException.unsupported(key));
                }
            }
        }
        for (String stanza : transforms.stanzaNames()) {
            Map<String, String> st = transforms.stanza(stanza);
            if (stanza.equals("default") || st.isEmpty()) {
                continue;
            }
            if (st.containsKey("external_cmd") || st.containsKey("collection")) {
                throw new SplException.BadArgument(
                        "transforms.conf [" + stanza + "]: " + SplException.unsupported("external or KV store lookup"));
            }
            String file = st.get("filename");
            if (file != null && !files.containsKey(file)) {
                throw new SplException.BadArgument(
                        "transforms.conf [" + stanza + "] filename = " + file + ": no such file in lookups/");
            }
        }
    }

    /** TRUNCATE for the sourcetype (bytes; default 10000; 0 = none). */
    public int truncateBytes(String sourcetype) {
        String v = propsConf
                .stanza(sourcetype)
                .getOrDefault("TRUNCATE", propsConf.stanza("default").get("TRUNCATE"));
        if (v == null) {
            return DEFAULT_TRUNCATE;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SplException.BadArgument("props.conf [" + sourcetype + "] TRUNCATE = " + v + ": not a number");
        }
    }

    /** A lookup by transforms.conf stanza name or by CSV file name in lookups/. */
    public Lookup lookup(String name) {
        return lookups.computeIfAbsent(name, this::resolveLookup);
    }

    private Lookup resolveLookup(String name) {
        Map<String, String> st = transforms.stanza(name);
        if (!st.isEmpty() && !name.equals("default")) {
            String file = st.get("filename");
            if (file == null) {
                throw new SplException.BadArgument("transforms.conf [" + name + "] is not a file lookup (no filename)");
            }
            return new Lookup(name, files.get(file), st);
        }
        if (files.containsKey(name)) {
            return new Lookup(name, files.get(name), Map.of());
        }
        throw new SplException.BadArgument(
                "lookup '" + name + "' is neither a transforms.conf stanza nor a file in lookups/");
    }

    public Props props() {
        return props;
    }

    public ConfFile eventtypes() {
        return eventtypes;
    }

    public ConfFile tags() {
        return tags;
    }

    public Macros macros() {
        return macros;
    }

    /** Search-time field knowledge (extraction, aliases, calculated fields, lookups, eventtypes, tags). */
    public Knowledge knowledge() {
        return knowledge;
    }
}
