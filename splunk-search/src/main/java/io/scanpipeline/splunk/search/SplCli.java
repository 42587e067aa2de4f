package io.scanpipeline.splunk.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.index.HecDefaults;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/spl --app DIR --events FILE [--earliest E] [--latest L] 'spl'}: runs one search over the HEC receiver's
 * file and prints each result as a JSON line (fields in Splunk's order; a multivalue field as an array). Exit codes:
 * 0 done, 1 the search was refused or failed (one line on stderr), 2 usage error (see {@link Commands}).
 */
@Command(
        name = "spl",
        sortOptions = false,
        sortSynopsis = false,
        description = {
            "Runs one SPL search with the local Splunk search stand-in over what the local HEC receiver "
                    + "accepted (hec-events.ndjson), with the Splunk app's search-time knowledge, and prints each "
                    + "result as one JSON line.",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done (no results is no line)",
            "1:the search was refused (not supported by the stand-in) or failed",
            "2:invalid arguments"
        })
public final class SplCli implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--app",
            required = true,
            paramLabel = "DIR",
            description = "the Splunk app folder (e.g. " + "splunk-app)")
    Path app;

    @Option(
            names = "--events",
            required = true,
            paramLabel = "FILE",
            description = "the HEC receiver's events " + "file (hec-events.ndjson; bin/local prints where)")
    Path events;

    @Option(
            names = "--earliest",
            paramLabel = "TIME",
            description = "earliest time, Splunk syntax (-24h@h, " + "2024-12-05T00:00:00Z, ...; default: all time)")
    String earliest;

    @Option(names = "--latest", paramLabel = "TIME", description = "latest time (default: now)")
    String latest;

    @Parameters(
            index = "0",
            paramLabel = "SPL",
            description =
                    "the search, quoted as one argument, e.g. " + "'`scan_pipeline_index` | stats count by sourcetype'")
    String spl;

    public static void main(String[] args) {
        Commands.exit(new SplCli(), args);
    }

    /** Runs the command line {@code args} writing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return Commands.run(
                new SplCli(),
                new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8),
                args);
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(app)) {
            throw new ParameterException(spec.commandLine(), "--app " + app + " is not a folder");
        }
        if (!Files.isRegularFile(events)) {
            throw new ParameterException(spec.commandLine(), "--events " + events + " is not a file");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            SplunkApp splunkApp = SplunkApp.load(app);
            EventIndex index = EventIndex.fromReceiverFile(events, HecDefaults.local(), splunkApp);
            SearchResult r = new SearchEngine(splunkApp, index, Clock.systemUTC()).search(spl, earliest, latest);
            ObjectMapper json = new ObjectMapper();
            for (SearchResult.Row row : r.rows()) {
                ObjectNode line = json.createObjectNode();
                for (String f : r.fields()) {
                    List<String> v = row.values(f);
                    if (v.size() == 1) {
                        line.put(f, v.get(0));
                    } else if (v.size() > 1) {
                        ArrayNode arr = line.putArray(f);
                        v.forEach(arr::add);
                    }
                }
                out.println(line);
            }
            return Commands.OK;
        } catch (SplException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": search refused: " + e.getMessage());
            return Commands.FAILED;
        }
    }
}
