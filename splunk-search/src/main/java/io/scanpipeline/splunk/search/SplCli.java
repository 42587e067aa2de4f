package io.scanpipeline.splunk.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.index.HecDefaults;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code SplCli --app DIR --events FILE [--earliest E] [--latest L] 'spl'}: runs one search over the HEC receiver's
 * file and prints each result as a JSON line (fields in Splunk's order; a multivalue field as an array). Exit codes:
 * 0 done, 1 the search was refused or failed (message on stderr), 2 usage error.
 */
public final class SplCli {
    static final String USAGE = "usage: SplCli --app DIR --events FILE [--earliest E] [--latest L] 'spl'";

    private SplCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String app = null, events = null, earliest = null, latest = null, spl = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    return usage(err, a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--app" -> app = v;
                    case "--events" -> events = v;
                    case "--earliest" -> earliest = v;
                    case "--latest" -> latest = v;
                    default -> {
                        return usage(err, "unknown option " + a);
                    }
                }
            } else if (spl == null) {
                spl = a;
            } else {
                return usage(err, "one search only (quote it): unexpected '" + a + "'");
            }
        }
        if (app == null || events == null || spl == null) {
            return usage(err, "--app, --events and the search are required");
        }
        if (!Files.isDirectory(Path.of(app)) || !Files.isRegularFile(Path.of(events))) {
            return usage(err, "no app folder " + app + " or no events file " + events);
        }
        try {
            SplunkApp splunkApp = SplunkApp.load(Path.of(app));
            EventIndex index = EventIndex.fromReceiverFile(Path.of(events), HecDefaults.local(), splunkApp);
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
            return 0;
        } catch (SplException e) {
            err.println("search refused: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return 2;
    }
}
