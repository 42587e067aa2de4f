package io.scanpipeline.sink.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.EnvReader;
import io.scanpipeline.core.EnvelopeFormatException;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.SinkConfig;
import io.scanpipeline.sink.KclSettings;
import io.scanpipeline.sink.SinkClients;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.deadletter.ObjectStore;
import io.scanpipeline.sink.deadletter.S3ObjectStore;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends dead letters to Splunk HEC again, e.g. after the index was created or the token fixed:
 * <pre>RedriveDeadLetters (--key &lt;object key&gt; | --prefix &lt;key prefix&gt;) [--bucket &lt;bucket&gt;]</pre>
 * The bucket defaults to {@code DEAD_LETTER_BUCKET}; HEC settings are the sink's {@code HEC_*} variables. Lines are
 * deduplicated by shard and sequence number (an object may have been written twice with different groupings). A
 * line whose record is still unreadable, or that Splunk rejects again, is reported and left where it is: objects are
 * never deleted. Exit status: 0 all delivered, 1 some not, 2 invalid arguments or configuration.
 */
public final class RedriveDeadLetters {

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

    private RedriveDeadLetters() {
    }

    public static void main(String[] args) throws Exception {
        StructuredLog log = StructuredLog.forClass(RedriveDeadLetters.class);
        Map<String, String> env = System.getenv();
        String bucket = new EnvReader(env).string("DEAD_LETTER_BUCKET", null);
        String key = null;
        String prefix = null;
        HecConfig hec;
        HecRoutes routes;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> key = value(args, i++);
                    case "--prefix" -> prefix = value(args, i++);
                    case "--bucket" -> bucket = value(args, i++);
                    default -> throw new ConfigException(args[i], "is not an option");
                }
            }
            if ((key == null) == (prefix == null)) {
                throw new ConfigException("--key/--prefix", "exactly one of them is required");
            }
            if (bucket == null) {
                throw new ConfigException("DEAD_LETTER_BUCKET", "is required (or --bucket)");
            }
            hec = HecEnvironment.fromEnv(env);
            routes = HecEnvironment.routes(env);
        } catch (ConfigException e) {
            log.error("invalid_redrive", Map.of("variable", e.variable(), "message", e.getMessage()));
            System.exit(2);
            return;
        }
        Result result;
        try (SinkClients clients = SinkClients.create(SinkConfig.awsClients(env), KclSettings.RetrievalMode.POLLING);
             HecClient client = HecClient.create(hec, log)) {
            ObjectStore store = new S3ObjectStore(clients.s3(), bucket);
            List<String> keys = key != null ? List.of(key) : store.list(prefix);
            result = run(store, keys, client, new HecEventMapper(routes), log);
        }
        System.exit(result.complete() ? 0 : 1);
    }

    /** Reads the objects at {@code keys}, sends their envelopes with {@code hec} and waits for the outcome. */
    public static Result run(ObjectStore store, List<String> keys, HecClient hec, HecEventMapper mapper,
                             StructuredLog log) throws InterruptedException {
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        for (String key : keys) {
            DeadLetters.parse(store.get(key)).forEach(letter ->
                    letters.putIfAbsent(letter.shardId() + "/" + letter.position(), letter));
        }
        List<HecEvent> events = new ArrayList<>();
        int unreadable = 0;
        for (DeadLetter letter : letters.values()) {
            try {
                // the envelope as the live sink would send it: its JSON as stored, checked by the same reader
                byte[] json = letter.envelope() != null ? Json.mapper().writeValueAsBytes(letter.envelope())
                        : letter.data();
                events.add(mapper.map(ChangeEnvelopeCodec.readEncoded(json), letter.arrivalTime()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a parsed envelope", e);
            } catch (EnvelopeFormatException e) {
                unreadable++;
                log.warn("redrive_unreadable", Map.of("shardId", letter.shardId(),
                        "sequenceNumber", letter.position().toString(), "reason", e.getMessage()));
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
        log.info("redrive_done", Map.of("objects", keys.size(), "lines", letters.size(), "delivered", delivered,
                "rejected", rejected.size(), "unreadable", unreadable));
        return new Result(delivered, rejected, unreadable);
    }

    private static String value(String[] args, int index) {
        if (index + 1 >= args.length) {
            throw new ConfigException(args[index], "needs a value");
        }
        return args[index + 1];
    }
}
