package io.scanpipeline.splunk.search.eval;

/** A parsed eval expression; {@link ExprParser#parse} builds one. */
@FunctionalInterface
public interface Expr {
    Object eval(EvalContext ctx);

    /** A field reference ({@code name} or {@code 'quoted.name'}). */
    record Field(String name) implements Expr {
        @Override
        public Object eval(EvalContext ctx) {
            return Values.ofField(ctx.field(name));
        }
    }

    /** A string or number literal. */
    record Literal(Object value) implements Expr {
        @Override
        public Object eval(EvalContext ctx) {
            return value;
        }
    }
}
