package io.scanpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A test function for stream mappings: records every invocation (keys, sequence numbers, when, and whether it
 * succeeded) and answers as its script says: a response, or an exception.
 */
final class RecordingHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    /** The function's behaviour for one invocation ({@code invocation} counts from 1). */
    interface Script {
        StreamsEventResponse respond(List<DynamodbStreamRecord> batch, int invocation);
    }

    /** One invocation as the function saw it. */
    record Invocation(List<String> keys, List<String> sequenceNumbers, long nanoTime, boolean succeeded) {}

    private final Script script;
    private final List<Invocation> invocations = new ArrayList<>();

    RecordingHandler(Script script) {
        this.script = script;
    }

    /** A function that always succeeds. */
    static RecordingHandler succeeding() {
        return new RecordingHandler((batch, invocation) -> new StreamsEventResponse(List.of()));
    }

    static StreamsEventResponse failedFrom(String sequenceNumber) {
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
    }

    static String key(DynamodbStreamRecord record) {
        return record.getDynamodb().getKeys().get("pk").getS();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbStreamRecord> batch = event.getRecords();
        List<String> keys = batch.stream().map(RecordingHandler::key).toList();
        List<String> sequences =
                batch.stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
        int number;
        synchronized (this) {
            number = invocations.size() + 1;
        }
        StreamsEventResponse response;
        try {
            response = script.respond(batch, number);
        } catch (RuntimeException e) {
            add(new Invocation(keys, sequences, System.nanoTime(), false));
            throw e;
        }
        boolean complete = response == null
                || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty();
        add(new Invocation(keys, sequences, System.nanoTime(), complete));
        return response;
    }

    private synchronized void add(Invocation invocation) {
        invocations.add(invocation);
    }

    synchronized List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** Keys of every invocation, flattened in invocation order. */
    synchronized List<String> deliveredKeys() {
        return invocations.stream().flatMap(i -> i.keys().stream()).toList();
    }

    /** Keys of the invocations that succeeded, flattened in order. */
    synchronized List<String> succeededKeys() {
        return invocations.stream()
                .filter(Invocation::succeeded)
                .flatMap(i -> i.keys().stream())
                .toList();
    }
}
