package io.scanpipeline.local;

import io.scanpipeline.local.dashboards.DashboardServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code up}: start the local pipeline and stay up until Ctrl-C. {@code demo}: start it, upload the sample files,
 * print what each stage did, and stop.
 *
 * Both also serve the Splunk app's Dashboard Studio dashboards on 127.0.0.1 ({@link DashboardServer}); {@code demo
 * --serve} keeps them up after the summary until Ctrl-C.
 *
 * <pre>
 * options: --config FILE   pipeline configuration (default config/pipeline.json)
 *          --app DIR       the Splunk app whose dashboards are served (default splunk-app)
 *          --dashboards-port N   port of the dashboards page (default 0: a free port, printed)
 *          --serve         demo only: keep the pipeline and the dashboards up after the summary, until Ctrl-C
 *          --persist DIR   keep state in DIR across restarts (default: temporary, gone at exit)
 *          --bucket NAME   bucket scans are dropped into (default scans)
 *          --samples DIR   files the demo uploads (default samples)
 *          --hec-indexers N   HEC receivers standing in for Splunk (default 1); more than 1 run as indexers behind a
 *                          round-robin balancer without stickiness
 * </pre>
 */
public final class LocalPipelineMain {

    private LocalPipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length == 0 || !(args[0].equals("up") || args[0].equals("demo"))) {
            out.println("usage: bin/local up|demo [--config FILE] [--persist DIR] [--bucket NAME] [--samples DIR] [--app DIR]"
                    + " [--dashboards-port N] [--serve] [--hec-indexers N]");
            System.exit(args.length == 0 ? 0 : 2);
            return;
        }
        Path config = Path.of("config/pipeline.json");
        Path persist = null;
        String bucket = "scans";
        Path samples = Path.of("samples");
        Path app = Path.of("splunk-app");
        int dashboardsPort = 0;
        int hecIndexers = 1;
        boolean serve = false;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--serve")) {
                serve = true;
                continue;
            }
            switch (args[i]) {
                case "--app" -> app = Path.of(require(args[i], value));
                case "--dashboards-port" -> dashboardsPort = port(args[i], require(args[i], value));
                case "--config" -> config = Path.of(require(args[i], value));
                case "--persist" -> persist = Path.of(require(args[i], value));
                case "--bucket" -> bucket = require(args[i], value);
                case "--samples" -> samples = Path.of(require(args[i], value));
                case "--hec-indexers" -> hecIndexers = indexers(args[i], require(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--config " + config + " does not exist (run from the repository root)");
        }
        if (!Files.isDirectory(app.resolve("default/data/ui/views"))) {
            throw new IllegalArgumentException("--app " + app + " is not a Splunk app folder with default/data/ui/views"
                    + " (run from the repository root)");
        }
        Path logFile = (persist != null ? persist : Files.createTempDirectory("scan-pipeline-logs")).resolve("pipeline.log");
        out.println("starting the local pipeline (S3, DynamoDB + Streams, Kinesis, HEC receiver, the three stages) ...");
        try (LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Options(persist, config, bucket, logFile,
                hecIndexers));
                DashboardServer dashboards = DashboardServer.start(app, pipeline.hecEventsFile(), dashboardsPort)) {
            printEndpoints(out, pipeline, dashboards);
            if (args[0].equals("demo")) {
                demo(out, pipeline, samples);
            }
            if (args[0].equals("up") || serve) {
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                out.println("up; dashboards at " + dashboards.uri() + " ; Ctrl-C stops it. Status every 10 s:");
                while (!stop.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    out.println("---- " + java.time.Instant.now() + " ----");
                    out.println(pipeline.status());
                }
            }
        }
        // a library pool (non-daemon threads) outlives close(); everything was flushed and stopped above
        System.exit(0);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int indexers(String option, String value) {
        try {
            int count = Integer.parseInt(value);
            if (count < 1 || count > 16) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number of indexers 1-16, got " + value);
        }
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number 0-65535, got " + value);
        }
    }

    private static void printEndpoints(PrintStream out, LocalPipeline pipeline, DashboardServer dashboards) {
        String s3 = pipeline.aws().s3Endpoint().toString();
        String dynamo = pipeline.aws().dynamo().endpoint().toString();
        String bucket = pipeline.options().bucket();
        out.println();
        out.println("  S3        " + s3 + "   bucket " + bucket + " (versioned)");
        out.println("  DynamoDB  " + dynamo + "   tables " + pipeline.tables().stream().map(t -> t.table()).distinct().toList());
        out.println("  Kinesis   " + pipeline.aws().kinesis().endpoint() + "   stream " + Downstream.STREAM);
        int indexers = pipeline.hecIndexers().size();
        out.println("  HEC       " + pipeline.downstream().hec().endpoint() + (indexers == 1
                ? "   (local Splunk HEC receiver, acks on)"
                : "   (balancer, not sticky, over " + indexers + " local HEC indexers, acks on)"));
        out.println("  events    " + pipeline.options().logFile().toAbsolutePath().getParent().resolve("hec-events.ndjson")
                + "   (what Splunk would have indexed)");
        out.println("  logs      " + pipeline.options().logFile());
        out.println("  dashboards " + dashboards.uri() + "   (the Splunk app's dashboards; searches run locally on the events)");
        out.println();
        out.println("  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1");
        out.println("  aws s3 cp samples/employees.json s3://" + bucket + "/employees/ --endpoint-url " + s3);
        out.println("  aws dynamodb scan --table-name Employees --endpoint-url " + dynamo);
        out.println("  aws s3 ls s3://" + bucket + "/quarantine/ --recursive --endpoint-url " + s3);
        out.println();
    }

    /**
     * Uploads each {@code rescans/} file over the key its namesake under {@code scans/} was uploaded to: a later
     * scan of the same image, whose snapshot scope retires the findings it no longer reports (fixed findings).
     */
    private static void rescan(PrintStream out, LocalPipeline pipeline, Path samples, List<String[]> uploads)
            throws IOException, InterruptedException {
        Path rescans = samples.resolve("rescans");
        if (!Files.isDirectory(rescans)) {
            return;
        }
        try (var files = Files.list(rescans)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                for (String[] upload : uploads) {
                    if (upload[0].endsWith("/" + name)) {
                        pipeline.aws().s3().putObject(r -> r.bucket(pipeline.options().bucket()).key(upload[0]), file);
                        out.println("uploaded a later scan over s3://" + pipeline.options().bucket() + "/" + upload[0]);
                    }
                }
            }
        }
        if (!pipeline.awaitIdle(Duration.ofMinutes(2)) || !pipeline.awaitDelivered(Duration.ofMinutes(3))) {
            out.println("WARNING: the later scans' changes did not all reach the HEC receiver within 5 minutes");
        }
    }

    private static void demo(PrintStream out, LocalPipeline pipeline, Path samples) throws IOException, InterruptedException {
        List<String[]> uploads = new ArrayList<>();
        uploads.add(new String[] {"employees/employees.json", samples.resolve("employees.json").toString()});
        try (var files = Files.list(samples.resolve("scans"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String prefix = name.substring(0, name.indexOf('-') > 0 ? name.indexOf('-') : name.indexOf('.'));
                uploads.add(new String[] {prefix + "/" + name, file.toString()});
            }
        }
        for (String[] upload : uploads) {
            pipeline.aws().s3().putObject(r -> r.bucket(pipeline.options().bucket()).key(upload[0]), Path.of(upload[1]));
            out.println("uploaded s3://" + pipeline.options().bucket() + "/" + upload[0]);
        }
        if (!pipeline.awaitIdle(Duration.ofMinutes(2))) {
            out.println("WARNING: some uploads were still being processed after 2 minutes");
        }
        out.println("waiting for the changes to reach the HEC receiver (the KCL worker takes up to ~30 s to take its leases) ...");
        if (!pipeline.awaitDelivered(Duration.ofMinutes(3))) {
            out.println("WARNING: not every change reached the HEC receiver within 3 minutes");
        }
        rescan(out, pipeline, samples, uploads);
        new DemoReport(pipeline, out).print();
        out.println(String.format(Locale.ROOT, "%d notifications delivered, %d failed", pipeline.notifications().delivered(),
                pipeline.notifications().failures().size()));
    }
}
