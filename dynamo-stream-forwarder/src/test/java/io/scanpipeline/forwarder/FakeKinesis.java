package io.scanpipeline.forwarder;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Stands in for the Kinesis service in unit tests. It implements only {@code putRecords}, the one operation the
 * publisher calls (every other operation keeps the SDK's default: UnsupportedOperationException). Like the real
 * service it answers each entry with either a sequence number (stored) or an error code (not stored), or fails the
 * whole call; a scripted {@link Answer} decides which. Each call takes {@code latency} on the fake clock.
 */
final class FakeKinesis implements KinesisClient {

    /** Decides the fate of one call: an error code per entry (null = stored), or throws for a whole-call failure. */
    @FunctionalInterface
    interface Answer {
        List<String> errorCodes(int call, List<PutRecordsRequestEntry> entries);
    }

    static final Answer ACCEPT_ALL =
            (call, entries) -> new ArrayList<>(java.util.Collections.nCopies(entries.size(), null));

    final List<PutRecordsRequest> requests = new ArrayList<>();
    /** What the stream holds, in the order it was stored. */
    final List<PutRecordsRequestEntry> stored = new ArrayList<>();

    private final FakeClock clock;
    private final Duration latency;
    private Answer answer = ACCEPT_ALL;
    private long nextSequence = 1;

    FakeKinesis(FakeClock clock, Duration latency) {
        this.clock = clock;
        this.latency = latency;
    }

    FakeKinesis answering(Answer answer) {
        this.answer = answer;
        return this;
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        requests.add(request);
        clock.advance(latency);
        List<String> codes = answer.errorCodes(requests.size(), request.records());
        List<PutRecordsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < request.records().size(); i++) {
            String code = codes.get(i);
            if (code == null) {
                stored.add(request.records().get(i));
                results.add(PutRecordsResultEntry.builder()
                        .shardId("shardId-000000000000")
                        .sequenceNumber(Long.toString(nextSequence++))
                        .build());
            } else {
                failed++;
                results.add(PutRecordsResultEntry.builder()
                        .errorCode(code)
                        .errorMessage("fake " + code)
                        .build());
            }
        }
        return PutRecordsResponse.builder()
                .failedRecordCount(failed)
                .records(results)
                .build();
    }

    /** The stored records' data parsed as JSON, in stream order. */
    List<JsonNode> storedJson() {
        List<JsonNode> json = new ArrayList<>();
        for (PutRecordsRequestEntry entry : stored) {
            try {
                json.add(Json.mapper().readTree(entry.data().asByteArrayUnsafe()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return json;
    }

    /** The {@code sequenceNumber} field of each stored envelope, in stream order. */
    List<String> storedSequenceNumbers() {
        return storedJson().stream()
                .map(json -> json.get("sequenceNumber").asText())
                .toList();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
