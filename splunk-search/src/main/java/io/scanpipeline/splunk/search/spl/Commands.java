package io.scanpipeline.splunk.search.spl;

import io.scanpipeline.splunk.search.SplException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses each command of a pipeline, checking its arguments; unknown and unsupported commands are refused by name. */
public final class Commands {
    private static final Set<String> GENERATING = Set.of("makeresults", "inputlookup", "tstats");
    /** Real Splunk commands this stand-in refuses (anything else is an unknown command). */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "spath",
            "rex",
            "regex",
            "transaction",
            "join",
            "append",
            "appendcols",
            "appendpipe",
            "map",
            "foreach",
            "xyseries",
            "untable",
            "convert",
            "eventcount",
            "metadata",
            "rest",
            "datamodel",
            "from",
            "multisearch",
            "set",
            "return",
            "format",
            "collect",
            "outputlookup",
            "sendemail",
            "iplocation",
            "geostats",
            "predict",
            "trendline",
            "delta",
            "accum",
            "autoregress",
            "cluster",
            "kmeans",
            "anomalydetection",
            "reverse",
            "uniq",
            "nomv",
            "makemv",
            "mvcombine",
            "replace",
            "strcat",
            "addinfo",
            "sichart",
            "sitimechart",
            "sistats",
            "union",
            "tojson",
            "fromjson",
            "xmlkv",
            "kvform",
            "extract",
            "kv",
            "multikv",
            "highlight",
            "iconify",
            "abstract",
            "typer",
            "tags",
            "gentimes",
            "loadjob",
            "savedsearch",
            "makecontinuous",
            "filldown",
            "fieldformat",
            "localize",
            "reltime",
            "erex",
            "diff",
            "dbinspect",
            "audit",
            "history",
            "inputcsv",
            "outputcsv",
            "concurrency",
            "correlate",
            "contingency",
            "associate",
            "fieldsummary",
            "transpose",
            "timewrap",
            "mstats",
            "mcatalog",
            "search_head",
            "lookup_table",
            "outputtext",
            "selfjoin",
            "rangemap",
            "sort_values",
            "script",
            "run",
            "walklex",
            "x11",
            "xpath",
            "eval_json",
            "redistribute",
            "tscollect",
            "makejson",
            "bucketdir",
            "overlap",
            "scrub",
            "searchtxn",
            "rtorder",
            "localop",
            "require",
            "noop",
            "dump",
            "mvmerge",
            "inputintelligence",
            "arules",
            "findtypes",
            "analyzefields",
            "af",
            "geom",
            "geomfilter",
            "pivot",
            "rare_values",
            "dedup_consecutive",
            "delete",
            "input",
            "outlier",
            "setfields",
            "anomalies",
            "anomalousvalue",
            "shape",
            "tail_values");

    private Commands() {}

    public static List<Command> parse(List<Pipeline.Segment> segments, boolean leadingPipe) {
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Pipeline.Segment s = segments.get(i);
            boolean first = i == 0;
            if (first
                    && leadingPipe
                    && !GENERATING.contains(s.name())
                    && !s.name().equals("search")) {
                throw new SplException.BadArgument(
                        s.name() + ": is not a generating command; a search starting with '|' "
                                + "must start with makeresults, inputlookup or tstats");
            }
            if (!first && (s.name().equals("makeresults") || s.name().equals("tstats"))) {
                throw LookupCommands.notFirst(s.name());
            }
            out.add(one(s.name(), s.args(), first));
        }
        return out;
    }

    private static Command one(String name, String args, boolean first) {
        return switch (name) {
            case "search" -> new SearchCommand(args, first);
            case "where" -> new WhereCommand(args);
            case "eval" -> new EvalCommand(args);
            case "stats", "eventstats" -> new StatsCommand(name, args);
            case "timechart" -> new TimechartCommand(args);
            case "chart" -> new ChartCommand(args);
            case "dedup" -> new DedupCommand(args);
            case "table", "fields" -> new FieldsCommands(name, args);
            case "rename" -> new RenameCommand(args);
            case "sort" -> new SortCommand(args);
            case "head", "tail" -> SimpleCommands.headOrTail(name, args);
            case "top", "rare" -> new TopCommand(name, args);
            case "lookup" -> LookupCommands.lookup(args);
            case "inputlookup" -> LookupCommands.inputlookup(args, first);
            case "tstats" -> new TstatsCommand(args);
            case "fillnull" -> SimpleCommands.fillnull(args);
            case "bin", "bucket" -> new BinCommand(name, args);
            case "makeresults" -> SimpleCommands.makeresults(args);
            case "mvexpand" -> SimpleCommands.mvexpand(args);
            case "streamstats" -> new StreamstatsCommand(args);
            case "addtotals" -> TotalsCommands.addtotals(args);
            case "addcoltotals" -> TotalsCommands.addcoltotals(args);
            default ->
                throw new SplException.UnknownCommand(
                        KNOWN_UNSUPPORTED.contains(name)
                                ? name + ": " + SplException.unsupported(name)
                                : "unknown search command '" + name + "'");
        };
    }
}
