package io.scanpipeline.splunk.search.conf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * props.conf stanzas resolved for one event, with Splunk's precedence: {@code [default]}, then {@code [<sourcetype>]},
 * then matching {@code [host::<pattern>]}, then matching {@code [source::<pattern>]} ({@code ...} matches any run,
 * {@code *} any run without a slash), each overriding per key.
 */
public final class Props {
    private final ConfFile conf;
    private final Map<List<String>, Map<String, String>> cache = new java.util.concurrent.ConcurrentHashMap<>();

    public Props(ConfFile conf) {
        this.conf = conf;
    }

    /** The effective settings, sorted by key (so classes apply in ASCII order, as Splunk does). */
    public Map<String, String> forEvent(String sourcetype, String host, String source) {
        return cache.computeIfAbsent(List.of(sourcetype, host, source), k -> resolve(sourcetype, host, source));
    }

    private Map<String, String> resolve(String sourcetype, String host, String source) {
        Map<String, String> out = new TreeMap<>(conf.stanza("default"));
        out.putAll(conf.stanza(sourcetype));
        for (String name : conf.stanzaNames()) {
            if (name.startsWith("host::")
                    && glob(name.substring(6)).matcher(host).matches()) {
                out.putAll(conf.stanza(name));
            }
        }
        for (String name : conf.stanzaNames()) {
            if (name.startsWith("source::")
                    && glob(name.substring(8)).matcher(source).matches()) {
                out.putAll(conf.stanza(name));
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Settings starting with {@code prefix} (e.g. "EVAL-"), class name to value, in class order. */
    public static Map<String, String> classes(Map<String, String> settings, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static Pattern glob(String p) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            if (p.startsWith("...", i)) {
                r.append(".*");
                i += 2;
            } else if (p.charAt(i) == '*') {
                r.append("[^/]*");
            } else {
                r.append(Pattern.quote(String.valueOf(p.charAt(i))));
            }
        }
        return Pattern.compile(r.toString());
    }
}
