package io.scanpipeline.splunk.search.spl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rename <from> AS <to> [, ...]}; a {@code *} in both names carries the matched text ({@code foo* AS bar*}).
 * The field keeps its place in the order; where a result has the field, an existing field of the new name is replaced.
 */
final class RenameCommand implements Command {
    private record Pair(String from, String to) {}

    private final List<Pair> pairs = new ArrayList<>();

    RenameCommand(String argText) {
        Args a = new Args("rename", argText);
        while (!a.done()) {
            if (a.peek().kind() == Token.Kind.COMMA) {
                a.next();
                continue;
            }
            Token from = a.next();
            if (a.done() || !a.peek().isWordIgnoreCase("as")) {
                throw a.bad("expected '" + from.text() + " AS <new name>'");
            }
            a.next();
            Token to = a.next();
            if (!from.isValue() || !to.isValue()) {
                throw a.bad("bad rename '" + from.text() + " AS " + to.text() + "'");
            }
            if (from.text().chars().filter(c -> c == '*').count()
                    != to.text().chars().filter(c -> c == '*').count()) {
                throw a.bad("wildcards in '" + from.text() + "' and '" + to.text() + "' do not match");
            }
            pairs.add(new Pair(from.text(), to.text()));
        }
        if (pairs.isEmpty()) {
            throw a.bad("nothing to rename");
        }
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        List<String> fields = in.withFieldsOfRows().fields();
        for (Pair p : pairs) {
            Map<String, String> mapping = new LinkedHashMap<>();
            if (p.from().contains("*")) {
                Pattern g = Pattern.compile(Pattern.quote(p.from()).replace("*", "\\E(.*)\\Q"));
                for (String f : fields) {
                    Matcher m = g.matcher(f);
                    if (m.matches()) {
                        String to = p.to();
                        for (int i = 1; i <= m.groupCount(); i++) {
                            to = to.replaceFirst(Pattern.quote("*"), Matcher.quoteReplacement(m.group(i)));
                        }
                        mapping.put(f, to);
                    }
                }
            } else {
                mapping.put(p.from(), p.to());
            }
            for (Map.Entry<String, String> e : mapping.entrySet()) {
                for (Rec r : in.rows()) {
                    List<String> v = r.get(e.getKey());
                    if (v != null) {
                        r.remove(e.getKey());
                        r.put(e.getValue(), v);
                    }
                }
                List<String> next = new ArrayList<>();
                for (String f : fields) {
                    if (f.equals(e.getKey())) {
                        next.add(e.getValue());
                    } else if (!f.equals(e.getValue())) {
                        next.add(f);
                    }
                }
                fields = next;
            }
        }
        return new Results(in.rows(), fields);
    }
}
