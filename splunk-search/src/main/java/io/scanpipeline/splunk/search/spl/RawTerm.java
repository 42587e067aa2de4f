package io.scanpipeline.splunk.search.spl;

import java.util.regex.Pattern;

/**
 * A bare search term matched against {@code _raw} as Splunk's index does: case-insensitively, on segment
 * boundaries (major breakers such as space, quotes, brackets, comma; minor breakers such as / : = @ . - $ # % \ _),
 * {@code *} matching within a segment run.
 */
final class RawTerm {
    private static final String BREAKERS = "\\s\"'\\[\\]<>(){}|!;,&?+/:=@.\\-$#%\\\\_*";
    private final Pattern pattern;

    RawTerm(String term) {
        StringBuilder r = new StringBuilder("(?<![^" + BREAKERS + "])");
        String[] parts = term.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                r.append("[^\\s\"',;|\\[\\](){}<>]*");
            }
            r.append(Pattern.quote(parts[i]));
        }
        r.append("(?![^" + BREAKERS + "])");
        this.pattern = Pattern.compile(r.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    boolean matches(String raw) {
        return raw != null && pattern.matcher(raw).find();
    }
}
