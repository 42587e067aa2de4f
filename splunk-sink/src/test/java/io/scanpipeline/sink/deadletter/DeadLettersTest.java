package io.scanpipeline.sink.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private final FakeRejectStore store = new FakeRejectStore();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters(
            store,
            "dead-letter/",
            "scan-sink",
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 1),
            StructuredLog.to("test", lines::add));

    @AfterEach
    void close() {
        deadLetters.close();
    }

    private static DeadLetter rejected(String sequence, int sub) {
        ObjectNode envelope = Json.mapper().createObjectNode().put("eventId", "e-" + sequence + "-" + sub);
        return new DeadLetter(
                DeadLetter.Stage.HEC,
                "HTTP 400 code 7 (Incorrect index)",
                400,
                7,
                "shardId-000000000001",
                SequencePosition.of(sequence, sub),
                "{\"pk\":\"a\"}",
                Instant.parse("2024-05-01T10:00:00.123Z"),
                envelope,
                null);
    }

    @Test
    void oneObjectPerGroup_oneLinePerRecord_namedByShardAndSequenceRange() throws Exception {
        DeadLetter unreadable = new DeadLetter(
                DeadLetter.Stage.DECODE,
                "not JSON: Unrecognized token 'x'",
                null,
                null,
                "shardId-000000000001",
                SequencePosition.of("500", 0),
                null,
                null,
                null,
                "x{".getBytes(StandardCharsets.UTF_8));

        String key = deadLetters
                .write("shardId-000000000001", List.of(rejected("900", 2), unreadable, rejected("900", 1)))
                .get(5, TimeUnit.SECONDS);

        assertThat(key).isEqualTo("dead-letter/scan-sink/shardId-000000000001/500_900.2.jsonl");
        String body = new String(store.get(key), StandardCharsets.UTF_8);
        assertThat(body.split("\n"))
                .containsExactly(
                        "{\"stage\":\"decode\",\"reason\":\"not JSON: Unrecognized token 'x'\",\"shardId\":"
                                + "\"shardId-000000000001\",\"sequenceNumber\":\"500\",\"subSequenceNumber\":0,"
                                + "\"data\":\"eHs=\"}",
                        "{\"stage\":\"hec\",\"reason\":\"HTTP 400 code 7 (Incorrect index)\",\"hecHttpStatus\":400,"
                                + "\"hecCode\":7,\"shardId\":\"shardId-000000000001\",\"sequenceNumber\":\"900\","
                                + "\"subSequenceNumber\":1,\"partitionKey\":\"{\\\"pk\\\":\\\"a\\\"}\","
                                + "\"arrivalTime\":\"2024-05-01T10:00:00.123Z\",\"envelope\":{\"eventId\":\"e-900-1\"}}",
                        "{\"stage\":\"hec\",\"reason\":\"HTTP 400 code 7 (Incorrect index)\",\"hecHttpStatus\":400,"
                                + "\"hecCode\":7,\"shardId\":\"shardId-000000000001\",\"sequenceNumber\":\"900\","
                                + "\"subSequenceNumber\":2,\"partitionKey\":\"{\\\"pk\\\":\\\"a\\\"}\","
                                + "\"arrivalTime\":\"2024-05-01T10:00:00.123Z\",\"envelope\":{\"eventId\":\"e-900-2\"}}");
    }

    @Test
    void writingTheSameGroupAgain_overwritesInsteadOfDuplicating() throws Exception {
        List<DeadLetter> group = List.of(rejected("100", 0), rejected("200", 0));

        deadLetters.write("shardId-000000000001", group).get(5, TimeUnit.SECONDS);
        deadLetters
                .write("shardId-000000000001", List.of(group.get(1), group.get(0)))
                .get(5, TimeUnit.SECONDS);

        assertThat(store.list("dead-letter/"))
                .containsExactly("dead-letter/scan-sink/shardId-000000000001/100_200.jsonl");
        assertThat(DeadLetters.parse(store.get(store.list("").get(0)))).hasSize(2);
    }

    @Test
    void failedPuts_areRetriedUntilStored_andOnlyThenComplete() throws Exception {
        store.failNextPuts(3);

        String key = deadLetters
                .write("shardId-000000000001", List.of(rejected("100", 0)))
                .get(5, TimeUnit.SECONDS);

        assertThat(store.puts()).hasSize(4).containsOnly(key);
        assertThat(lines)
                .filteredOn(line -> line.contains("dead_letter_write_failed"))
                .hasSize(3);
        assertThat(DeadLetters.parse(store.get(key)))
                .singleElement()
                .satisfies(letter -> assertThat(letter.reason()).isEqualTo("HTTP 400 code 7 (Incorrect index)"));
    }

    @Test
    void linesReadBack_equalWhatWasWritten() {
        DeadLetter letter = rejected("4968055236651062831567983196744548512876631878767162", 3);

        String key = deadLetters.writeNow("shardId-000000000001", List.of(letter));
        DeadLetter read = DeadLetters.parse(store.get(key)).get(0);

        assertThat(read.toJson()).isEqualTo(letter.toJson());
        assertThat(read.position()).isEqualTo(letter.position());
    }
}
