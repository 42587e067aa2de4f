package io.scanpipeline.local.emulator.hec;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a {@link HecReceiver} standalone until interrupted.
 *
 * <p>Arguments, all optional and positional: {@code port} (default 8088), {@code token} (default
 * {@code local-hec-token}), {@code ack} ({@code true}/{@code false}, default false), {@code outputFile} (default
 * {@code hec-events.ndjson}). Events go only to the file, not to memory, so long runs do not grow the heap.
 */
@Command(
        name = "hec-receiver",
        sortOptions = false,
        description = {
            "Runs the local Splunk HEC receiver on 127.0.0.1 until Ctrl-C; accepted events go to "
                    + "OUTPUT_FILE, one JSON line each (what Splunk would have indexed).",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped with Ctrl-C", "1:could not start (e.g. the port is taken)", "2:invalid arguments"})
public final class HecReceiverMain implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PORT",
            defaultValue = "8088",
            description = "port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0: a free one)")
    int port;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "TOKEN",
            defaultValue = "local-hec-token",
            description = "the HEC token it accepts (default ${DEFAULT-VALUE})")
    String token;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "ACK",
            defaultValue = "false",
            description = "indexer acknowledgement on the token: true or false (default ${DEFAULT-VALUE})")
    String ack; // text: picocli leaves an optional positional boolean that is not true/false unmatched

    @Parameters(
            index = "3",
            arity = "0..1",
            paramLabel = "OUTPUT_FILE",
            defaultValue = "hec-events.ndjson",
            description = "where accepted events go (default ${DEFAULT-VALUE})")
    Path output;

    public static void main(String[] args) {
        Commands.exit(new HecReceiverMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "PORT must be 0-65535, was " + port);
        }
        if (!ack.equalsIgnoreCase("true") && !ack.equalsIgnoreCase("false")) {
            throw new ParameterException(spec.commandLine(), "ACK must be true or false, was '" + ack + "'");
        }
        boolean acks = Boolean.parseBoolean(ack);
        HecReceiverConfig config = HecReceiverConfig.builder()
                .port(port)
                .token(token, acks)
                .outputFile(output)
                .keepEventsInMemory(false)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        try (HecReceiver receiver = HecReceiver.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            // the token is the operator's own argument; print only where events go, never the token
            System.out.println("HEC receiver on " + receiver.endpoint() + " (ack " + acks + "), events to "
                    + output.toAbsolutePath());
            stopped.await();
        }
        return Commands.OK;
    }
}
