package io.scanpipeline.splunk.search.conf;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.spl.Rec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSV lookup as {@code transforms.conf} defines it ({@code filename}, {@code case_sensitive_match} (default true),
 * {@code match_type = WILDCARD(f)}, {@code default_match}, {@code max_matches} (default 1000), {@code min_matches}
 * (default 0)) applied with input and output field mappings, as an automatic {@code LOOKUP-} or the {@code lookup}
 * command does: every input field must match; several matching rows give multivalued outputs in file order;
 * {@code OUTPUT} overwrites, {@code OUTPUTNEW} only fills fields the result lacks; without an output clause every
 * non-input column is output.
 */
public final class Lookup {
    private final String name;
    private final LookupTable table;
    private final boolean caseSensitive;
    private final List<String> wildcardFields;
    private final String defaultMatch;
    private final int maxMatches;
    private final int minMatches;
    /** Per row, the compiled pattern of each wildcard column whose value has a "*" (compiled once). */
    private final List<Map<String, Pattern>> wildcards = new ArrayList<>();

    public Lookup(String name, LookupTable table, Map<String, String> transform) {
        this.name = name;
        this.table = table;
        this.caseSensitive = ConfFile.bool(transform.get("case_sensitive_match"), true);
        this.wildcardFields = new ArrayList<>();
        String matchType = transform.getOrDefault("match_type", "");
        Matcher m = Pattern.compile("(\\w+)\\(([^)]*)\\)").matcher(matchType);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase("WILDCARD")) {
                wildcardFields.add(m.group(2).strip());
            } else {
                throw new SplException.BadArgument(
                        "transforms.conf [" + name + "] match_type: " + SplException.unsupported(m.group(1)));
            }
        }
        this.defaultMatch = transform.get("default_match");
        this.maxMatches =
                Integer.parseInt(transform.getOrDefault("max_matches", "1000").strip());
        this.minMatches =
                Integer.parseInt(transform.getOrDefault("min_matches", "0").strip());
        for (Map<String, String> row : table.rows()) {
            Map<String, Pattern> compiled = new LinkedHashMap<>();
            for (String column : wildcardFields) {
                String pattern = row.get(column);
                if (pattern != null && pattern.contains("*")) {
                    compiled.put(column, wildcard(pattern));
                }
            }
            wildcards.add(compiled);
        }
    }

    private Pattern wildcard(String pattern) {
        StringBuilder r = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            r.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(
                r.toString(), caseSensitive ? Pattern.DOTALL : Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    }

    public String name() {
        return name;
    }

    public LookupTable table() {
        return table;
    }

    /** Input or output mapping: lookup column {@code column} to result field {@code field}. */
    public record Mapping(String column, String field) {}

    /** Applies the lookup to {@code rec}; {@code outputs} empty means every other column. */
    public void apply(Rec rec, List<Mapping> inputs, List<Mapping> outputs, boolean outputNew) {
        for (Mapping in : inputs) {
            if (!table.header().contains(in.column())) {
                throw new SplException.BadArgument(
                        "lookup " + name + ": the lookup table has no field '" + in.column() + "'");
            }
        }
        List<Mapping> outs = outputs;
        if (outs.isEmpty()) {
            outs = new ArrayList<>();
            for (String c : table.header()) {
                if (inputs.stream().noneMatch(i -> i.column().equals(c))) {
                    outs.add(new Mapping(c, c));
                }
            }
        }
        for (Mapping in : inputs) {
            if (rec.get(in.field()) == null) {
                return;
            }
        }
        List<Map<String, String>> matched = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            if (matched.size() >= maxMatches) {
                break;
            }
            Map<String, String> row = table.rows().get(r);
            Map<String, Pattern> compiled = wildcards.get(r);
            if (inputs.stream()
                    .allMatch(in -> rec.get(in.field()).stream()
                            .anyMatch(v -> matches(compiled.get(in.column()), row.get(in.column()), v)))) {
                matched.add(row);
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Mapping out : outs) {
            List<String> v = new ArrayList<>();
            for (Map<String, String> row : matched) {
                String x = row.get(out.column());
                if (x != null && !x.isEmpty()) {
                    v.add(x);
                }
            }
            if (matched.size() < minMatches && defaultMatch != null) {
                for (int i = matched.size(); i < minMatches; i++) {
                    v.add(defaultMatch);
                }
            }
            values.put(out.field(), v);
        }
        values.forEach((field, v) -> {
            if (outputNew && rec.has(field)) {
                return;
            }
            if (!v.isEmpty()) {
                rec.put(field, v);
            } else if (!outputNew) {
                rec.remove(field);
            }
        });
    }

    private boolean matches(Pattern wildcard, String pattern, String value) {
        if (pattern == null) {
            return false;
        }
        if (wildcard != null) {
            return wildcard.matcher(value).matches();
        }
        return caseSensitive ? pattern.equals(value) : pattern.equalsIgnoreCase(value);
    }
}
