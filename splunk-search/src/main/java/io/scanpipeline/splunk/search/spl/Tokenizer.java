package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command's argument text into words, "quoted strings" (backslash escapes \" and \\), the operators
 * {@code = != < <= > >=}, parentheses and commas, as Splunk's search parser does.
 */
public final class Tokenizer {
    private Tokenizer() {}

    public static List<Token> tokenize(String command, String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') {
                    if (s.charAt(j) == '\\'
                            && j + 1 < s.length()
                            && (s.charAt(j + 1) == '"' || s.charAt(j + 1) == '\\')) {
                        j++;
                    }
                    b.append(s.charAt(j++));
                }
                if (j >= s.length()) {
                    throw new SplException.SyntaxError(command + ": unbalanced quotes in '" + s + "'");
                }
                out.add(new Token(Token.Kind.QUOTED, b.toString(), i, j + 1));
                i = j + 1;
            } else if (c == '(') {
                out.add(new Token(Token.Kind.LPAREN, "(", i, ++i));
            } else if (c == ')') {
                out.add(new Token(Token.Kind.RPAREN, ")", i, ++i));
            } else if (c == ',') {
                out.add(new Token(Token.Kind.COMMA, ",", i, ++i));
            } else if (c == '=' || c == '<' || c == '>' || (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=')) {
                int len = (c != '=' && i + 1 < s.length() && s.charAt(i + 1) == '=') ? 2 : 1;
                if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    len = 2;
                }
                out.add(new Token(Token.Kind.OP, s.substring(i, i + len), i, i + len));
                i += len;
            } else if (c == '[') {
                throw new SplException.UnknownCommand(command + ": " + SplException.unsupported("subsearch [...]"));
            } else {
                int j = i;
                while (j < s.length()) {
                    char d = s.charAt(j);
                    if (Character.isWhitespace(d)
                            || d == '"'
                            || d == '('
                            || d == ')'
                            || d == ','
                            || d == '='
                            || d == '<'
                            || d == '>'
                            || (d == '!' && j + 1 < s.length() && s.charAt(j + 1) == '=')) {
                        break;
                    }
                    j++;
                }
                out.add(new Token(Token.Kind.WORD, s.substring(i, j), i, j));
                i = j;
            }
        }
        return out;
    }
}
