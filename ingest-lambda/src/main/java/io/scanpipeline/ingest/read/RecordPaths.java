package io.scanpipeline.ingest.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the records of a JSON document are: one or more JSON-pointer-like paths, compiled into a small trie so
 * that all of them are matched in a single streaming pass.
 *
 * <p>Syntax of {@link #parse(String) a spec}: paths separated by commas, each {@code /seg/seg/...}. A segment is
 * a field name, with the RFC 6901 escapes {@code ~0} for {@code ~} and {@code ~1} for {@code /}, or {@code *},
 * which matches any array element and any object member value. The empty spec and {@code /} both mean the root
 * (unlike RFC 6901, where {@code /} is the member named ""). Examples: <code>/Results/*&#47;Vulnerabilities</code>,
 * {@code /Findings,/findings}.
 *
 * <p>Semantics: when the node at the end of a path is an array, each element is a record; when it is an object or
 * a scalar, that node itself is one record; when it is {@code null} the path counts as matched with no records
 * (Go encoders write empty slices as {@code null}).
 *
 * <p>Limitations: a field named {@code *} or containing a comma cannot be addressed. A path may not be a prefix of
 * another one (a record cannot contain records); that is rejected here when it is literal. When wildcards make two
 * paths overlap at run time (e.g. {@code /a} and <code>/*&#47;x</code>), the shorter match wins: the node becomes a
 * record and is not searched further.
 */
public final class RecordPaths {

    /** One trie node; {@code pathId >= 0} when a path ends here. Immutable after parsing. */
    static final class Node {
        final Map<String, Node> names = new HashMap<>();
        Node star;
        int pathId = -1;
    }

    private final List<String> paths;
    private final Node root;

    private RecordPaths(List<String> paths, Node root) {
        this.paths = paths;
        this.root = root;
    }

    /** The root path: the whole top-level value is the record, or each element when it is an array. */
    public static RecordPaths root() {
        return parse("");
    }

    /**
     * Parses a spec such as <code>"/Results/*&#47;Vulnerabilities,/Results/*&#47;Misconfigurations"</code>.
     *
     * @throws IllegalArgumentException on a path not starting with {@code /}, an empty segment or list item, a bad
     *                                  {@code ~} escape, or one path being a prefix of another
     */
    public static RecordPaths parse(String spec) {
        if (spec == null || spec.isBlank()) {
            spec = "/";
        }
        List<List<String>> parsed = new ArrayList<>();
        for (String item : spec.split(",", -1)) {
            List<String> segments = parsePath(item.trim(), spec);
            if (!parsed.contains(segments)) { // duplicates are harmless; keep the first
                parsed.add(segments);
            }
        }
        rejectPrefixes(parsed);
        Node root = new Node();
        List<String> display = new ArrayList<>();
        for (List<String> segments : parsed) {
            Node node = root;
            for (String segment : segments) {
                node = segment.equals("*")
                        ? (node.star != null ? node.star : (node.star = new Node()))
                        : node.names.computeIfAbsent(segment, k -> new Node());
            }
            node.pathId = display.size();
            display.add(format(segments));
        }
        return new RecordPaths(Collections.unmodifiableList(display), root);
    }

    /** The distinct paths in spec order, normalised (e.g. {@code "/"} for the root); a path's id is its index. */
    public List<String> paths() {
        return paths;
    }

    /** True when the only path is the root. */
    public boolean isRootOnly() {
        return paths.size() == 1 && root.pathId == 0;
    }

    Node trie() {
        return root;
    }

    @Override
    public String toString() {
        return String.join(",", paths);
    }

    private static List<String> parsePath(String path, String spec) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty record path in spec '" + spec + "'");
        }
        if (path.charAt(0) != '/') {
            throw new IllegalArgumentException("record path '" + path + "' must start with '/'");
        }
        List<String> segments = new ArrayList<>();
        if (path.equals("/")) {
            return segments;
        }
        for (String raw : path.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("empty segment in record path '" + path + "'");
            }
            segments.add(unescape(raw, path));
        }
        return segments;
    }

    /** RFC 6901: "~1" is "/", "~0" is "~"; any other use of "~" is an error. Single pass, so "~01" is "~1". */
    private static String unescape(String raw, String path) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                out.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : ' ';
            if (next != '0' && next != '1') {
                throw new IllegalArgumentException(
                        "bad escape in record path '" + path + "': '~' must be followed by 0 or 1");
            }
            out.append(next == '0' ? '~' : '/');
            i++;
        }
        return out.toString();
    }

    private static String format(List<String> segments) {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    private static void rejectPrefixes(List<List<String>> parsed) {
        for (List<String> a : parsed) {
            for (List<String> b : parsed) {
                if (a.size() < b.size() && b.subList(0, a.size()).equals(a)) {
                    throw new IllegalArgumentException("record path " + format(a) + " is a prefix of " + format(b)
                            + ": a record cannot contain other records");
                }
            }
        }
    }
}
