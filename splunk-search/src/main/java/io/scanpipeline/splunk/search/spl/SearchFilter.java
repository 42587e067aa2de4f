package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The search language of the {@code search} command (and of eventtypes, {@code searchmatch}, tstats' where):
 * {@code field=value}, {@code field!=value}, {@code < > <= >=} (numeric when both sides are numbers), wildcards,
 * quoted values, {@code field IN (a, b)}, {@code NOT}, {@code OR}, implicit or explicit {@code AND}, parentheses and
 * bare terms matched against {@code _raw} token-wise. As in Splunk, {@code OR} binds tighter than {@code AND}, values
 * match case-insensitively, field names case-sensitively, a multivalue field matches when any value does,
 * {@code field!=v} needs the field to exist (unlike {@code NOT field=v}). {@code earliest=} and {@code latest=} are
 * collected as the time range instead of being matched. {@code TERM()}, {@code CASE()} and subsearches are refused.
 */
public final class SearchFilter {
    private final Predicate<Rec> predicate;
    private final String earliest;
    private final String latest;
    private final Set<String> fields;
    private final boolean bareTerms;

    private SearchFilter(
            Predicate<Rec> predicate, String earliest, String latest, Set<String> fields, boolean bareTerms) {
        this.predicate = predicate;
        this.earliest = earliest;
        this.latest = latest;
        this.fields = fields;
        this.bareTerms = bareTerms;
    }

    public static SearchFilter parse(String command, String text) {
        return new Parser(command, Tokenizer.tokenize(command, text)).build();
    }

    public static SearchFilter parse(String command, List<Token> tokens) {
        return new Parser(command, tokens).build();
    }

    public boolean test(Rec r) {
        return predicate.test(r);
    }

    /** {@code earliest=} inside the search, or null. */
    public String earliest() {
        return earliest;
    }

    public String latest() {
        return latest;
    }

    /** Every field a term names. */
    public Set<String> fields() {
        return fields;
    }

    public boolean hasBareTerms() {
        return bareTerms;
    }

    private static final class Parser {
        private final String command;
        private final List<Token> t;
        private int pos;
        private String earliest;
        private String latest;
        private final Set<String> fields = new LinkedHashSet<>();
        private boolean bare;

        Parser(String command, List<Token> tokens) {
            this.command = command;
            this.t = tokens;
        }

        SearchFilter build() {
            Predicate<Rec> p = t.isEmpty() ? r -> true : and();
            if (pos < t.size()) {
                throw new SplException.SyntaxError(
                        command + ": unexpected '" + t.get(pos).text() + "'");
            }
            return new SearchFilter(p, earliest, latest, fields, bare);
        }

        private boolean more() {
            return pos < t.size() && t.get(pos).kind() != Token.Kind.RPAREN;
        }

        private Predicate<Rec> and() {
            List<Predicate<Rec>> parts = new ArrayList<>();
            while (more()) {
                if (t.get(pos).isWord("AND")) {
                    pos++;
                    continue;
                }
                parts.add(or());
            }
            if (parts.isEmpty()) {
                throw new SplException.SyntaxError(command + ": empty search expression");
            }
            return r -> parts.stream().allMatch(p -> p.test(r));
        }

        private Predicate<Rec> or() {
            List<Predicate<Rec>> parts = new ArrayList<>();
            parts.add(not());
            while (pos < t.size() && t.get(pos).isWord("OR")) {
                pos++;
                if (!more()) {
                    throw new SplException.SyntaxError(command + ": OR without a right-hand side");
                }
                parts.add(not());
            }
            return parts.size() == 1 ? parts.get(0) : r -> parts.stream().anyMatch(p -> p.test(r));
        }

        private Predicate<Rec> not() {
            if (t.get(pos).isWord("NOT")) {
                pos++;
                if (!more()) {
                    throw new SplException.SyntaxError(command + ": NOT without an operand");
                }
                return not().negate();
            }
            return primary();
        }

        private Predicate<Rec> primary() {
            Token tok = t.get(pos++);
            if (tok.kind() == Token.Kind.LPAREN) {
                Predicate<Rec> inner = and();
                if (pos >= t.size() || t.get(pos).kind() != Token.Kind.RPAREN) {
                    throw new SplException.SyntaxError(command + ": unbalanced parentheses");
                }
                pos++;
                return inner;
            }
            if (!tok.isValue()) {
                throw new SplException.SyntaxError(command + ": unexpected '" + tok.text() + "'");
            }
            if (tok.kind() == Token.Kind.WORD
                    && pos < t.size()
                    && t.get(pos).kind() == Token.Kind.LPAREN
                    && (tok.text().equalsIgnoreCase("TERM") || tok.text().equalsIgnoreCase("CASE"))) {
                throw new SplException.UnknownCommand(command + ": " + SplException.unsupported(tok.text() + "()"));
            }
            if (pos < t.size() && t.get(pos).kind() == Token.Kind.OP && tok.kind() == Token.Kind.WORD) {
                String op = t.get(pos++).text();
                if (pos >= t.size() || !t.get(pos).isValue()) {
                    throw new SplException.SyntaxError(command + ": '" + tok.text() + op + "' has no value");
                }
                Token value = t.get(pos++);
                return comparison(tok.text(), op, value.text(), value.kind() == Token.Kind.QUOTED);
            }
            if (tok.kind() == Token.Kind.WORD
                    && pos + 1 < t.size()
                    && t.get(pos).isWordIgnoreCase("IN")
                    && t.get(pos + 1).kind() == Token.Kind.LPAREN) {
                pos += 2;
                List<Predicate<Rec>> alternatives = new ArrayList<>();
                while (pos < t.size() && t.get(pos).kind() != Token.Kind.RPAREN) {
                    Token v = t.get(pos++);
                    if (v.kind() == Token.Kind.COMMA) {
                        continue;
                    }
                    alternatives.add(comparison(tok.text(), "=", v.text(), v.kind() == Token.Kind.QUOTED));
                }
                if (pos >= t.size()) {
                    throw new SplException.SyntaxError(command + ": IN ( without ')'");
                }
                pos++;
                return r -> alternatives.stream().anyMatch(p -> p.test(r));
            }
            bare = true;
            RawTerm term = new RawTerm(tok.text());
            return r -> term.matches(r.first("_raw"));
        }

        private Predicate<Rec> comparison(String field, String op, String value, boolean quoted) {
            if (field.equals("earliest") || field.equals("latest")) {
                if (!op.equals("=")) {
                    throw new SplException.BadArgument(command + ": " + field + " takes '=', got '" + op + "'");
                }
                if (field.equals("earliest")) {
                    earliest = value;
                } else {
                    latest = value;
                }
                return r -> true;
            }
            fields.add(field);
            FieldMatch m = new FieldMatch(op.equals("==") ? "=" : op, value, quoted);
            if (op.equals("!=")) {
                FieldMatch eq = new FieldMatch("=", value, quoted);
                return r -> {
                    List<String> v = r.get(field);
                    return v != null && v.stream().noneMatch(eq::matches);
                };
            }
            return r -> {
                List<String> v = r.get(field);
                return v != null && v.stream().anyMatch(m::matches);
            };
        }
    }
}
