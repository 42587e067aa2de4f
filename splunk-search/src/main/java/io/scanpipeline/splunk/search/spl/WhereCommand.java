package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.eval.Expr;
import io.scanpipeline.splunk.search.eval.ExprParser;
import java.util.ArrayList;
import java.util.List;

/** {@code where <eval expression>}: keeps results for which it is true; null (e.g. a missing field) is false. */
final class WhereCommand implements Command {
    private final Expr expr;

    WhereCommand(String args) {
        if (args.isBlank()) {
            throw new SplException.BadArgument("where: missing expression");
        }
        this.expr = ExprParser.parse(args);
    }

    @Override
    public Results apply(Results in, SearchContext ctx) {
        List<Rec> kept = new ArrayList<>();
        for (Rec r : in.rows()) {
            Object v = expr.eval(new RecContext(r, ctx.now()));
            if (v != null && !(v instanceof Boolean)) {
                throw new SplException.BadArgument("where: the expression must be a boolean, got '" + v + "'");
            }
            if (Boolean.TRUE.equals(v)) {
                kept.add(r);
            }
        }
        return new Results(kept, in.fields());
    }
}
