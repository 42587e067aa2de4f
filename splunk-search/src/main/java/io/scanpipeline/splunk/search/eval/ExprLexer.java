package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.List;

/** Tokens of an eval expression: numbers, "strings", 'quoted fields', names, operators, parentheses, commas. */
final class ExprLexer {
    enum Kind {
        NUMBER,
        STRING,
        QFIELD,
        NAME,
        OP,
        LPAREN,
        RPAREN,
        COMMA,
        END
    }

    record Token(Kind kind, String text, int pos) {}

    private ExprLexer() {}

    static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        char n = s.charAt(j + 1);
                        if (n == c || n == '\\') {
                            b.append(n);
                            j += 2;
                            continue;
                        }
                    }
                    b.append(s.charAt(j++));
                }
                if (j >= s.length()) {
                    throw new SplException.SyntaxError("eval: unbalanced quotes in '" + s + "'");
                }
                out.add(new Token(c == '"' ? Kind.STRING : Kind.QFIELD, b.toString(), i));
                i = j + 1;
            } else if (Character.isDigit(c)
                    || (c == '.'
                            && i + 1 < s.length()
                            && Character.isDigit(s.charAt(i + 1))
                            && (out.isEmpty()
                                    || out.get(out.size() - 1).kind() == Kind.OP
                                    || out.get(out.size() - 1).kind() == Kind.LPAREN
                                    || out.get(out.size() - 1).kind() == Kind.COMMA))) {
                int j = i;
                while (j < s.length()
                        && (Character.isDigit(s.charAt(j))
                                || s.charAt(j) == '.' && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1)))) {
                    j++;
                }
                if (j < s.length()
                        && (s.charAt(j) == 'e' || s.charAt(j) == 'E')
                        && j + 1 < s.length()
                        && (Character.isDigit(s.charAt(j + 1)) || "+-".indexOf(s.charAt(j + 1)) >= 0)) {
                    j += 2;
                    while (j < s.length() && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                if (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    out.add(new Token(Kind.NAME, s.substring(i, j), i));
                } else {
                    out.add(new Token(Kind.NUMBER, s.substring(i, j), i));
                }
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.NAME, s.substring(i, j), i));
                i = j;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", i++));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("==") || two.equals("!=") || two.equals("<=") || two.equals(">=")) {
                    out.add(new Token(Kind.OP, two, i));
                    i += 2;
                } else if ("+-*/%.=<>".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OP, String.valueOf(c), i++));
                } else {
                    throw new SplException.SyntaxError("eval: unexpected character '" + c + "' in '" + s + "'");
                }
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
