package io.scanpipeline.sink.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import io.scanpipeline.core.EnvelopeFormatException;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.RejectStore;
import io.scanpipeline.core.S3RejectStore;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.HecTokenSecret;
import io.scanpipeline.sink.KclSettings;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.hec.HecBatch;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.hec.HecDelivery;
import io.scanpipeline.sink.hec.HecEvent;
import io.scanpipeline.sink.kcl.HecEventMapper;
import io.scanpipeline.sink.kcl.HecRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sends dead letters to Splunk HEC again, e.g. after the index was created or the token fixed:
 * <pre>redrive-dead-letters (--key &lt;object key&gt; | --prefix &lt;key prefix&gt;) [--bucket &lt;bucket&gt;]</pre>
 * The bucket defaults to {@code DEAD_LETTER_BUCKET}; HEC settings are the sink's {@code HEC_*} variables (the token
 * also from {@code HEC_TOKEN_SECRET_ARN}). Lines are deduplicated by shard and sequence number (an object may have
 * been written twice with different groupings). A line whose record is still unreadable, or that Splunk rejects
 * again, is reported and left where it is: objects are never deleted. Runs as {@code bin/redrive-dead-letters}, as
 * {@code splunk-sink.jar redrive-dead-letters} (the sink image's command, {@link SinkCommand}) or as this class's
 * {@code main}. Exit status: 0 all delivered, 1 some not, 2 invalid arguments or configuration.
 */
@Command(
        name = "redrive-dead-letters",
        sortOptions = false,
        description = {
            "Sends the sink's dead letters to Splunk HEC again (e.g. after the index was created or the "
                    + "token fixed). Objects are never deleted; a line Splunk rejects again stays where it is.",
            "Configuration: the sink's HEC_* variables (HEC_URLS, HEC_TOKEN or HEC_TOKEN_SECRET_ARN, ...), "
                    + "DEAD_LETTER_BUCKET, AWS_REGION.",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every dead letter delivered",
            "1:some rejected again or still unreadable, or failed",
            "2:invalid arguments or configuration"
        })
public final class RedriveDeadLetters implements Callable<Integer>, CommandLine.IExitCodeExceptionMapper {

    /**
     * What a redrive did.
     *
     * @param delivered  events Splunk confirmed
     * @param rejected   events Splunk rejected again, with the reason
     * @param unreadable records that are still not envelopes
     */
    public record Result(int delivered, List<String> rejected, int unreadable) {
        public boolean complete() {
            return rejected.isEmpty() && unreadable == 0;
        }
    }

    /** Which dead letters: one object, or every object under a prefix. */
    static final class Selection {
        @Option(names = "--key", required = true, paramLabel = "KEY", description = "one dead-letter object")
        String key;

        @Option(
                names = "--prefix",
                required = true,
                paramLabel = "PREFIX",
                description = "every dead-letter " + "object under this key prefix, e.g. dead-letter/<app>/")
        String prefix;
    }

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(
            names = "--bucket",
            paramLabel = "BUCKET",
            description = "the dead-letter bucket (default " + "DEAD_LETTER_BUCKET)")
    String bucket;

    private final Map<String, String> env;

    /** A redrive configured by the process environment. */
    public RedriveDeadLetters() {
        this(System.getenv());
    }

    /** A redrive configured by {@code env} (tests). */
    public RedriveDeadLetters(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        Commands.exit(new RedriveDeadLetters(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        String from = bucket != null ? bucket : new EnvReader(env).string("DEAD_LETTER_BUCKET", null);
        if (from == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--bucket is required when DEAD_LETTER_BUCKET is not set");
        }
        HecConfig hec = HecEnvironment.fromEnv(env);
        HecRoutes routes = HecEnvironment.routes(env);
        io.scanpipeline.core.AwsClients aws = SinkConfig.awsClients(env);
        StructuredLog log = StructuredLog.forClass(RedriveDeadLetters.class);
        Result result;
        try (SinkClients clients = SinkClients.create(aws, KclSettings.RetrievalMode.POLLING);
                // the token as the sink reads it: HEC_TOKEN, or the secret of HEC_TOKEN_SECRET_ARN (the task's way)
                HecClient client = HecClient.create(hec, HecTokenSecret.source(hec, HecTokenSecret.client(aws)), log)) {
            RejectStore store = new S3RejectStore(clients.s3(), from);
            List<String> keys = selection.key != null ? List.of(selection.key) : store.list(selection.prefix);
            result = run(store, keys, client, new HecEventMapper(routes), log);
        }
        if (!result.complete()) {
            spec.commandLine()
                    .getErr()
                    .println(spec.qualifiedName() + ": " + result.delivered() + " delivered, "
                            + result.rejected().size() + " rejected again"
                            + (result.rejected().isEmpty()
                                    ? ""
                                    : " (first: " + result.rejected().get(0) + ")") + ", " + result.unreadable()
                            + " unreadable; "
                            + "the objects are kept");
            return Commands.FAILED;
        }
        return Commands.OK;
    }

    @Override
    public int getExitCode(Throwable exception) {
        return exception instanceof ConfigException ? Commands.USAGE : Commands.FAILED;
    }

    /** Reads the objects at {@code keys}, sends their envelopes with {@code hec} and waits for the outcome. */
    public static Result run(
            RejectStore store, List<String> keys, HecClient hec, HecEventMapper mapper, StructuredLog log)
            throws InterruptedException {
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        for (String key : keys) {
            DeadLetters.parse(store.get(key))
                    .forEach(letter -> letters.putIfAbsent(letter.shardId() + "/" + letter.position(), letter));
        }
        List<HecEvent> events = new ArrayList<>();
        int unreadable = 0;
        for (DeadLetter letter : letters.values()) {
            try {
                // the envelope as the live sink would send it: its JSON as stored, checked by the same reader
                byte[] json =
                        letter.envelope() != null ? Json.mapper().writeValueAsBytes(letter.envelope()) : letter.data();
                events.add(mapper.map(ChangeEnvelopeCodec.readEncoded(json), letter.arrivalTime()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a parsed envelope", e);
            } catch (EnvelopeFormatException e) {
                unreadable++;
                log.warn(
                        "redrive_unreadable",
                        Map.of(
                                "shardId",
                                letter.shardId(),
                                "sequenceNumber",
                                letter.position().toString(),
                                "reason",
                                e.getMessage()));
            }
        }
        List<CompletableFuture<HecDelivery>> outcomes = new ArrayList<>();
        HecBatch.Builder batch = hec.newBatch("redrive-0");
        for (HecEvent event : events) {
            if (!batch.add(event)) {
                outcomes.add(hec.send(batch.build()));
                batch = hec.newBatch("redrive-" + outcomes.size());
                batch.add(event);
            }
        }
        if (!batch.isEmpty()) {
            outcomes.add(hec.send(batch.build()));
        }
        int delivered = 0;
        List<String> rejected = new ArrayList<>();
        for (CompletableFuture<HecDelivery> outcome : outcomes) {
            try {
                HecDelivery delivery = outcome.get();
                delivered += delivery.deliveredCount();
                delivery.deadLetters().forEach(d -> rejected.add(d.reason()));
            } catch (ExecutionException e) {
                rejected.add(String.valueOf(e.getCause()));
            }
        }
        log.info(
                "redrive_done",
                Map.of(
                        "objects",
                        keys.size(),
                        "lines",
                        letters.size(),
                        "delivered",
                        delivered,
                        "rejected",
                        rejected.size(),
                        "unreadable",
                        unreadable));
        return new Result(delivered, rejected, unreadable);
    }
}
