package io.scanpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

class InvocationOutcomeTest {

    private final FakeStreams streams = new FakeStreams().shard("s", null);
    private final List<Record> batch = List.of(
            streams.append("s", "a", Instant.now()),
            streams.append("s", "b", Instant.now()),
            streams.append("s", "c", Instant.now()));

    private static StreamsEventResponse failures(String... ids) {
        return new StreamsEventResponse(
                Arrays.stream(ids).map(BatchItemFailure::new).toList());
    }

    @Test
    void nullResponse_nullList_andEmptyList_areSuccess() {
        assertThat(InvocationOutcome.of(null, batch, true)).isInstanceOf(InvocationOutcome.Success.class);
        assertThat(InvocationOutcome.of(new StreamsEventResponse(null), batch, true))
                .isInstanceOf(InvocationOutcome.Success.class);
        assertThat(InvocationOutcome.of(failures(), batch, true)).isInstanceOf(InvocationOutcome.Success.class);
    }

    @Test
    void lowestReportedSequenceNumber_isTheCheckpoint() {
        InvocationOutcome outcome = InvocationOutcome.of(failures(seq(2), seq(1)), batch, true);

        assertThat(outcome).isEqualTo(new InvocationOutcome.PartialFailure(1, seq(1)));
    }

    @Test
    void emptyNullOrUnknownItemIdentifier_failsTheWholeBatch() {
        assertThat(InvocationOutcome.of(failures(seq(1), ""), batch, true))
                .isInstanceOf(InvocationOutcome.Failure.class)
                .extracting(o -> ((InvocationOutcome.Failure) o).errorType())
                .isEqualTo(InvocationOutcome.INVALID_RESPONSE);
        assertThat(InvocationOutcome.of(failures((String) null), batch, true))
                .isInstanceOf(InvocationOutcome.Failure.class);
        assertThat(InvocationOutcome.of(new StreamsEventResponse(Arrays.asList((BatchItemFailure) null)), batch, true))
                .isInstanceOf(InvocationOutcome.Failure.class);
        assertThat(InvocationOutcome.of(failures("000000000000000000999"), batch, true))
                .isInstanceOf(InvocationOutcome.Failure.class);
    }

    @Test
    void withoutReportBatchItemFailures_anyResponseIsSuccess() {
        assertThat(InvocationOutcome.of(failures(seq(0)), batch, false)).isInstanceOf(InvocationOutcome.Success.class);
        assertThat(InvocationOutcome.of(failures("garbage"), batch, false))
                .isInstanceOf(InvocationOutcome.Success.class);
    }

    private String seq(int index) {
        return batch.get(index).dynamodb().sequenceNumber();
    }
}
