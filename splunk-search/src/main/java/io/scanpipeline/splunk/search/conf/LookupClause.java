package io.scanpipeline.splunk.search.conf;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <lookup> <in> [AS <field>] ... [OUTPUT|OUTPUTNEW <out> [AS <field>] ...]}, the shared syntax of
 * {@code LOOKUP-<class>} in props.conf and of the {@code lookup} command. Commas between fields are allowed.
 */
public record LookupClause(
        String lookup, List<Lookup.Mapping> inputs, List<Lookup.Mapping> outputs, boolean outputNew) {
    public static LookupClause parse(String where, List<String> words) {
        List<String> w = new ArrayList<>();
        for (String x : words) {
            if (!x.equals(",")) {
                w.add(x);
            }
        }
        if (w.size() < 2) {
            throw new SplException.BadArgument(where + ": needs a lookup name and at least one input field");
        }
        String lookup = w.get(0);
        List<Lookup.Mapping> inputs = new ArrayList<>();
        List<Lookup.Mapping> outputs = new ArrayList<>();
        boolean outputNew = false;
        List<Lookup.Mapping> target = inputs;
        for (int i = 1; i < w.size(); i++) {
            String x = w.get(i);
            if (x.equalsIgnoreCase("OUTPUT") || x.equalsIgnoreCase("OUTPUTNEW")) {
                if (target == outputs) {
                    throw new SplException.BadArgument(where + ": a second '" + x + "'");
                }
                outputNew = x.equalsIgnoreCase("OUTPUTNEW");
                target = outputs;
                continue;
            }
            if (x.equalsIgnoreCase("AS")) {
                throw new SplException.BadArgument(where + ": 'AS' without a field before it");
            }
            String field = x;
            if (i + 2 < w.size() + 1 && i + 1 < w.size() && w.get(i + 1).equalsIgnoreCase("AS")) {
                if (i + 2 >= w.size()) {
                    throw new SplException.BadArgument(where + ": 'AS' without a field after '" + x + "'");
                }
                field = w.get(i + 2);
                i += 2;
            }
            target.add(new Lookup.Mapping(x, field));
        }
        if (inputs.isEmpty()) {
            throw new SplException.BadArgument(where + ": no input field for lookup '" + lookup + "'");
        }
        if (target == outputs && outputs.isEmpty()) {
            throw new SplException.BadArgument(where + ": OUTPUT without fields");
        }
        return new LookupClause(lookup, List.copyOf(inputs), List.copyOf(outputs), outputNew);
    }
}
