package io.scanpipeline.local;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.local.dashboards.DashboardServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/local up}: start the local pipeline and stay up until Ctrl-C. {@code bin/local demo}: start it, upload
 * the sample files, print what each stage did, and stop; exit 1 unless every change arrived ({@link DemoOutcome}).
 *
 * <p>Both also serve the Splunk app's Dashboard Studio dashboards on 127.0.0.1 ({@link DashboardServer}); {@code demo
 * --serve} keeps them up after the summary until Ctrl-C. Options: see {@link Settings} (the same for both).
 */
@Command(
        name = "bin/local",
        sortOptions = false,
        description = {
            "Runs the whole pipeline on this machine: S3, DynamoDB + Streams, Kinesis and a Splunk HEC "
                    + "receiver on 127.0.0.1 (free ports), the three stages wired as AWS wires them, and the Splunk "
                    + "app's dashboards.",
            ""
        },
        subcommands = {LocalPipelineMain.Up.class, LocalPipelineMain.Demo.class})
public final class LocalPipelineMain implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Commands.exit(new LocalPipelineMain(), args);
    }

    /** No command: the usage, as before picocli (exit 0). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Commands.OK;
    }

    /** The options of {@code up} and {@code demo}. */
    static final class Settings {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                defaultValue = "config/pipeline.json",
                description = "pipeline configuration (default ${DEFAULT-VALUE})")
        Path config;

        @Option(
                names = "--persist",
                paramLabel = "DIR",
                description =
                        "keep S3 and DynamoDB state in DIR across " + "restarts (default: temporary, gone at exit)")
        Path persist;

        @Option(
                names = "--bucket",
                paramLabel = "NAME",
                defaultValue = "scans",
                description = "bucket scans are dropped into (default ${DEFAULT-VALUE})")
        String bucket;

        @Option(
                names = "--samples",
                paramLabel = "DIR",
                defaultValue = "samples",
                description = "files the demo uploads (default ${DEFAULT-VALUE})")
        Path samples;

        @Option(
                names = "--app",
                paramLabel = "DIR",
                defaultValue = "splunk-app",
                description = "the Splunk app whose dashboards are served (default ${DEFAULT-VALUE})")
        Path app;

        @Option(
                names = "--dashboards-port",
                paramLabel = "N",
                defaultValue = "0",
                description = "port of the dashboards page (default 0: a free port, printed)")
        int dashboardsPort;

        @Option(
                names = "--hec-indexers",
                paramLabel = "N",
                defaultValue = "1",
                description = "HEC receivers standing in for Splunk (1-16, default ${DEFAULT-VALUE}); more than 1 "
                        + "run as indexers behind a round-robin balancer without stickiness")
        int hecIndexers;

        /** Checks what picocli cannot: ranges and that the files are there. */
        void check(CommandSpec spec) {
            if (dashboardsPort < 0 || dashboardsPort > 65535) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--dashboards-port must be a port number 0-65535, " + "got " + dashboardsPort);
            }
            if (hecIndexers < 1 || hecIndexers > 16) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--hec-indexers must be a number of indexers " + "1-16, got " + hecIndexers);
            }
            if (!Files.isRegularFile(config)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--config " + config + " does not exist (run from " + "the repository root)");
            }
            if (!Files.isDirectory(app.resolve("default/data/ui/views"))) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--app " + app + " is not a Splunk app folder with "
                                + "default/data/ui/views (run from the repository root)");
            }
        }
    }

    @Command(
            name = "up",
            sortOptions = false,
            sortSynopsis = false,
            description = {
                "Starts the local pipeline and stays up until Ctrl-C, printing the endpoints, "
                        + "ready-to-paste aws commands and a status every 10 s.",
                ""
            })
    static final class Up implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Mixin
        Settings settings;

        @Override
        public Integer call() throws Exception {
            settings.check(spec);
            return LocalPipelineMain.run(settings, false, false, System.out);
        }
    }

    @Command(
            name = "demo",
            sortOptions = false,
            sortSynopsis = false,
            description = {
                "Starts the local pipeline, uploads the sample files, waits until every change reached "
                        + "the HEC receiver, prints what each stage did, and stops.",
                ""
            },
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {
                "0:every change arrived",
                "1:not every change arrived (or an upload, an ingest or the " + "sink failed); the summary says which",
                "2:invalid arguments"
            })
    static final class Demo implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Mixin
        Settings settings;

        @Option(
                names = "--serve",
                description = "keep the pipeline and the dashboards up after the summary, until " + "Ctrl-C")
        boolean serve;

        @Override
        public Integer call() throws Exception {
            settings.check(spec);
            if (!Files.isRegularFile(settings.samples.resolve("employees.json"))
                    || !Files.isDirectory(settings.samples.resolve("scans"))) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--samples " + settings.samples + " holds no "
                                + "employees.json and scans/ (run from the repository root)");
            }
            return LocalPipelineMain.run(settings, true, serve, System.out);
        }
    }

    private static int run(Settings settings, boolean demo, boolean serve, PrintStream out) throws Exception {
        Path logFile = (settings.persist != null ? settings.persist : Files.createTempDirectory("scan-pipeline-logs"))
                .resolve("pipeline.log");
        out.println(
                "starting the local pipeline (S3, DynamoDB + Streams, Kinesis, HEC receiver, the three stages) ...");
        int code = Commands.OK;
        try (LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Options(
                        settings.persist, settings.config, settings.bucket, logFile, settings.hecIndexers));
                DashboardServer dashboards =
                        DashboardServer.start(settings.app, pipeline.hecEventsFile(), settings.dashboardsPort)) {
            printEndpoints(out, pipeline, dashboards);
            if (demo) {
                DemoOutcome outcome = demo(out, pipeline, settings.samples);
                out.println("demo: " + outcome.summary());
                if (!outcome.complete()) {
                    System.err.println("bin/local demo: " + outcome.summary() + " (logs: " + logFile + ")");
                    code = Commands.FAILED;
                }
            }
            if (!demo || serve) {
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                out.println("up; dashboards at " + dashboards.uri() + " ; Ctrl-C stops it. Status every 10 s:");
                while (!stop.await(10, TimeUnit.SECONDS)) {
                    out.println("---- " + java.time.Instant.now() + " ----");
                    out.println(pipeline.status());
                }
            }
        }
        // a library pool (non-daemon threads) outlives close(); everything was flushed and stopped above, and
        // Commands.exit ends the JVM with this code
        return code;
    }

    private static void printEndpoints(PrintStream out, LocalPipeline pipeline, DashboardServer dashboards) {
        String s3 = pipeline.aws().s3Endpoint().toString();
        String dynamo = pipeline.aws().dynamo().endpoint().toString();
        String bucket = pipeline.options().bucket();
        out.println();
        out.println("  S3        " + s3 + "   bucket " + bucket + " (versioned)");
        out.println("  DynamoDB  " + dynamo + "   tables "
                + pipeline.tables().stream().map(t -> t.table()).distinct().toList());
        out.println("  Kinesis   " + pipeline.aws().kinesis().endpoint() + "   stream " + Downstream.STREAM);
        int indexers = pipeline.hecIndexers().size();
        out.println("  HEC       " + pipeline.downstream().hec().endpoint()
                + (indexers == 1
                        ? "   (local Splunk HEC receiver, acks on)"
                        : "   (balancer, not sticky, over " + indexers + " local HEC indexers, acks on)"));
        out.println("  events    "
                + pipeline.options().logFile().toAbsolutePath().getParent().resolve("hec-events.ndjson")
                + "   (what Splunk would have indexed)");
        out.println("  logs      " + pipeline.options().logFile());
        out.println("  dashboards " + dashboards.uri()
                + "   (the Splunk app's dashboards; searches run locally on the events)");
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
                        pipeline.aws()
                                .s3()
                                .putObject(
                                        r -> r.bucket(pipeline.options().bucket())
                                                .key(upload[0]),
                                        file);
                        out.println("uploaded a later scan over s3://"
                                + pipeline.options().bucket() + "/" + upload[0]);
                    }
                }
            }
        }
        if (!pipeline.awaitIdle(Duration.ofMinutes(2)) || !pipeline.awaitDelivered(Duration.ofMinutes(3))) {
            out.println("WARNING: the later scans' changes did not all reach the HEC receiver within 5 minutes");
        }
    }

    private static DemoOutcome demo(PrintStream out, LocalPipeline pipeline, Path samples)
            throws IOException, InterruptedException {
        List<String[]> uploads = new ArrayList<>();
        uploads.add(new String[] {
            "employees/employees.json", samples.resolve("employees.json").toString()
        });
        try (var files = Files.list(samples.resolve("scans"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String prefix = name.substring(0, name.indexOf('-') > 0 ? name.indexOf('-') : name.indexOf('.'));
                uploads.add(new String[] {prefix + "/" + name, file.toString()});
            }
        }
        for (String[] upload : uploads) {
            pipeline.aws()
                    .s3()
                    .putObject(r -> r.bucket(pipeline.options().bucket()).key(upload[0]), Path.of(upload[1]));
            out.println("uploaded s3://" + pipeline.options().bucket() + "/" + upload[0]);
        }
        if (!pipeline.awaitIdle(Duration.ofMinutes(2))) {
            out.println("WARNING: some uploads were still being processed after 2 minutes");
        }
        out.println(
                "waiting for the changes to reach the HEC receiver (the KCL worker takes up to ~30 s to take its leases) ...");
        if (!pipeline.awaitDelivered(Duration.ofMinutes(3))) {
            out.println("WARNING: not every change reached the HEC receiver within 3 minutes");
        }
        rescan(out, pipeline, samples, uploads);
        new DemoReport(pipeline, out).print();
        out.println(String.format(
                Locale.ROOT,
                "%d notifications delivered, %d failed",
                pipeline.notifications().delivered(),
                pipeline.notifications().failures().size()));
        return DemoOutcome.of(pipeline);
    }
}
