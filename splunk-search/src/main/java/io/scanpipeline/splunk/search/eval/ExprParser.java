package io.scanpipeline.splunk.search.eval;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.ExprLexer.Kind;
import io.scanpipeline.splunk.search.eval.ExprLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Splunk eval expressions with Splunk's precedence, lowest first: {@code OR}, {@code XOR}, {@code AND},
 * {@code NOT}, comparisons ({@code = == != < > <= >= LIKE IN}), {@code + - .}, {@code * / %}, unary minus.
 * Field names with characters other than letters, digits and underscore must be 'single-quoted', as in Splunk.
 */
public final class ExprParser {
    private final String text;
    private final List<Token> tokens;
    private int pos;

    private ExprParser(String text) {
        this.text = text;
        this.tokens = ExprLexer.lex(text);
    }

    public static Expr parse(String text) {
        ExprParser p = new ExprParser(text);
        if (p.peek().kind() == Kind.END) {
            throw new SplException.SyntaxError("eval: empty expression");
        }
        Expr e = p.or();
        if (p.peek().kind() != Kind.END) {
            throw new SplException.SyntaxError("eval: unexpected '" + p.peek().text() + "' in '" + text + "'");
        }
        return e;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private boolean word(String w) {
        Token t = peek();
        if (t.kind() == Kind.NAME && t.text().equals(w)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean op(String o) {
        Token t = peek();
        if (t.kind() == Kind.OP && t.text().equals(o)) {
            pos++;
            return true;
        }
        return false;
    }

    private Expr or() {
        Expr left = xor();
        while (word("OR")) {
            Expr l = left, r = xor();
            left = c -> {
                Object a = l.eval(c);
                if (a != null && Values.truth(a, "OR")) {
                    return true;
                }
                Object b = r.eval(c);
                return a == null && b == null ? null : Values.truth(b, "OR");
            };
        }
        return left;
    }

    private Expr xor() {
        Expr left = and();
        while (word("XOR")) {
            Expr l = left, r = and();
            left = c -> {
                Object a = l.eval(c), b = r.eval(c);
                return a == null || b == null ? null : Values.truth(a, "XOR") ^ Values.truth(b, "XOR");
            };
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (word("AND")) {
            Expr l = left, r = not();
            left = c -> {
                Object a = l.eval(c);
                if (a != null && !Values.truth(a, "AND")) {
                    return false;
                }
                Object b = r.eval(c);
                if (b != null && !Values.truth(b, "AND")) {
                    return false;
                }
                return a == null || b == null ? null : true;
            };
        }
        return left;
    }

    private Expr not() {
        if (word("NOT")) {
            Expr e = not();
            return c -> {
                Object v = e.eval(c);
                return v == null ? null : !Values.truth(v, "NOT");
            };
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP
                    && List.of("=", "==", "!=", "<", ">", "<=", ">=").contains(t.text())) {
                pos++;
                Expr l = left, r = additive();
                String o = t.text();
                left = c -> Ops.compare(o, l.eval(c), r.eval(c));
            } else if (word("LIKE")) {
                Expr l = left, r = additive();
                left = c -> Ops.like(l.eval(c), r.eval(c));
            } else if (word("IN")) {
                List<Expr> items = args("IN");
                Expr l = left;
                left = c -> {
                    Object v = l.eval(c);
                    for (Expr i : items) {
                        Object b = Ops.compare("=", v, i.eval(c));
                        if (Boolean.TRUE.equals(b)) {
                            return true;
                        }
                    }
                    return false;
                };
            } else {
                return left;
            }
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP
                    && (t.text().equals("+") || t.text().equals("-") || t.text().equals("."))) {
                pos++;
                Expr l = left, r = multiplicative();
                String o = t.text();
                left = c -> Ops.arithmetic(o, l.eval(c), r.eval(c));
            } else {
                return left;
            }
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP
                    && (t.text().equals("*") || t.text().equals("/") || t.text().equals("%"))) {
                pos++;
                Expr l = left, r = unary();
                String o = t.text();
                left = c -> Ops.arithmetic(o, l.eval(c), r.eval(c));
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        if (op("-")) {
            Expr e = unary();
            return c -> Ops.arithmetic("*", -1.0, e.eval(c));
        }
        if (op("+")) {
            return unary();
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        pos++;
        switch (t.kind()) {
            case NUMBER:
                return new Expr.Literal(Double.parseDouble(t.text()));
            case STRING:
                return new Expr.Literal(t.text());
            case QFIELD:
                return new Expr.Field(t.text());
            case LPAREN: {
                Expr e = or();
                expect(Kind.RPAREN, ")");
                return e;
            }
            case NAME:
                if (peek().kind() == Kind.LPAREN) {
                    return Functions.call(t.text(), args(t.text()), text);
                }
                return new Expr.Field(t.text());
            default:
                throw new SplException.SyntaxError("eval: unexpected '"
                        + (t.kind() == Kind.END ? "end of expression" : t.text()) + "' in '" + text + "'");
        }
    }

    private List<Expr> args(String function) {
        expect(Kind.LPAREN, "(");
        List<Expr> args = new ArrayList<>();
        if (peek().kind() == Kind.RPAREN) {
            pos++;
            return args;
        }
        do {
            args.add(or());
        } while (peek().kind() == Kind.COMMA && ++pos > 0);
        if (peek().kind() != Kind.RPAREN) {
            throw new SplException.SyntaxError(
                    "eval: missing ')' after the arguments of " + function + " in '" + text + "'");
        }
        pos++;
        return args;
    }

    private void expect(Kind kind, String what) {
        if (peek().kind() != kind) {
            throw new SplException.SyntaxError(
                    "eval: expected '" + what + "' at '" + peek().text() + "' in '" + text + "'");
        }
        pos++;
    }
}
