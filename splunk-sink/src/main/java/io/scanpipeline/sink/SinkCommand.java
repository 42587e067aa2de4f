package io.scanpipeline.sink;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.kcl.RecordSelector;
import io.scanpipeline.sink.replay.RedriveDeadLetters;
import io.scanpipeline.sink.replay.ReplayCommand;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The command line of the sink's jar and container image ({@code java -jar splunk-sink.jar}, the image's entry
 * point): without arguments it runs the sink ({@link SinkApp}) until SIGTERM; {@code replay ...} and
 * {@code redrive-dead-letters ...} run those tools with the same environment, so an {@code aws ecs run-task} of the
 * sink's task definition with a command override runs them with the task's role and variables.
 */
@Command(
        name = "splunk-sink",
        sortOptions = false,
        description = {
            "Runs the Splunk sink (a KCL 3 consumer of the change stream shipping to Splunk HEC) until "
                    + "SIGTERM; or, with a command, one of its tools with the same environment.",
            "Configuration: environment variables only (STREAM_NAME or STREAM_ARN, APPLICATION_NAME, HEC_URLS, "
                    + "HEC_TOKEN or HEC_TOKEN_SECRET_ARN, DEAD_LETTER_BUCKET, ...; see the README, \"Splunk "
                    + "sink\").",
            ""
        },
        subcommands = {ReplayCommand.class, RedriveDeadLetters.class},
        exitCodeListHeading = "%nExit status (the sink):%n",
        exitCodeList = {
            "0:stopped on request (SIGTERM)",
            "1:the KCL scheduler stopped by itself",
            "2:invalid configuration"
        })
public final class SinkCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    private final Map<String, String> env;

    /** The sink configured by the process environment. */
    public SinkCommand() {
        this(System.getenv());
    }

    /** The sink configured by {@code env} (tests). */
    public SinkCommand(Map<String, String> env) {
        this.env = env;
    }

    /** Runs the sink until it is stopped; invalid configuration is one {@code invalid_configuration} line. */
    @Override
    public Integer call() {
        StructuredLog log = StructuredLog.forClass(SinkApp.class);
        SinkApp app;
        try {
            SinkConfig config = SinkConfig.fromEnv(env);
            KclLogging.install(config.kcl().logLevel());
            config = HecTokenSecret.resolve(config, HecTokenSecret.client(config.aws()));
            // a ConfigException here is e.g. HEC_ACK=true with a token whose acknowledgement is off
            app = SinkApp.start(
                    config, SinkClients.create(config.aws(), config.kcl().retrievalMode()), RecordSelector.ALL, log);
        } catch (ConfigException e) {
            log.error("invalid_configuration", Map.of("variable", e.variable(), "message", e.getMessage()));
            return Commands.USAGE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sink-shutdown"));
        app.awaitTermination();
        if (!app.isClosed()) {
            log.error("scheduler_stopped", Map.of("message", "the KCL scheduler stopped by itself"));
            app.close();
            return Commands.FAILED;
        }
        return Commands.OK;
    }
}
