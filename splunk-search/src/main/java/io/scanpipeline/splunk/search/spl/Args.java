package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A cursor over one command's argument tokens, with errors that name the command and the offending text. */
public final class Args {
    private final String command;
    private final String text;
    private final List<Token> tokens;
    private int pos;

    public Args(String command, String text) {
        this.command = command;
        this.text = text;
        this.tokens = Tokenizer.tokenize(command, text);
    }

    public String command() {
        return command;
    }

    public String text() {
        return text;
    }

    public boolean done() {
        return pos >= tokens.size();
    }

    public Token peek() {
        return done() ? null : tokens.get(pos);
    }

    public Token peek(int ahead) {
        return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : null;
    }

    public Token next() {
        if (done()) {
            throw bad("missing argument at the end of '" + text + "'");
        }
        return tokens.get(pos++);
    }

    public int position() {
        return pos;
    }

    public void seek(int position) {
        pos = position;
    }

    /** The text from the current token to the end, and moves to the end. */
    public String rest() {
        if (done()) {
            return "";
        }
        String r = text.substring(tokens.get(pos).start());
        pos = tokens.size();
        return r;
    }

    public List<Token> restTokens() {
        List<Token> r = new ArrayList<>(tokens.subList(pos, tokens.size()));
        pos = tokens.size();
        return r;
    }

    /** Whether the next tokens are {@code word =}. */
    public boolean atOption() {
        Token t = peek(), eq = peek(1);
        return t != null && t.kind() == Token.Kind.WORD && eq != null && eq.isOp("=");
    }

    /** Reads leading {@code key=value} options; a key not in {@code allowed} is an error naming it. */
    public Map<String, String> options(Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        while (atOption()) {
            String key = peek().text();
            if (!allowed.contains(key.toLowerCase())) {
                throw bad("unknown option '" + key + "' in '" + optionText() + "'");
            }
            pos += 2;
            Token v = next();
            if (!v.isValue()) {
                throw bad("option '" + key + "' has no value");
            }
            out.put(key.toLowerCase(), v.text());
        }
        return out;
    }

    private String optionText() {
        Token k = peek(), v = peek(2);
        return v == null ? k.text() + "=" : text.substring(k.start(), v.end());
    }

    /** Field names up to a word in {@code stop} (case-insensitive) or an option; commas allowed between them. */
    public List<String> fieldList(Set<String> stop) {
        List<String> out = new ArrayList<>();
        while (!done()) {
            Token t = peek();
            if (t.kind() == Token.Kind.COMMA) {
                pos++;
                continue;
            }
            if (atOption()
                    || (t.kind() == Token.Kind.WORD && stop.contains(t.text().toLowerCase()))) {
                break;
            }
            if (!t.isValue()) {
                throw bad("unexpected '" + t.text() + "'");
            }
            out.add(t.text());
            pos++;
        }
        return out;
    }

    public void expectDone() {
        if (!done()) {
            Token t = peek();
            throw bad("unexpected '" + (atOption() ? optionText() : t.text()) + "'");
        }
    }

    public SplException bad(String message) {
        return new SplException.BadArgument(command + ": " + message);
    }

    public static boolean bool(Args a, String key, String value) {
        String v = value.toLowerCase();
        if (Set.of("true", "t", "1", "yes").contains(v)) {
            return true;
        }
        if (Set.of("false", "f", "0", "no").contains(v)) {
            return false;
        }
        throw a.bad("option '" + key + "' takes a boolean, got '" + value + "'");
    }

    public static int integer(Args a, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw a.bad("option '" + key + "' takes an integer, got '" + value + "'");
        }
    }
}
