package io.scanpipeline.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.Backoff;
import io.scanpipeline.ingest.item.ItemBuilder.BuiltItem;
import io.scanpipeline.ingest.item.ItemBuilder.ItemKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class ItemWriterTest {

    private final FakeDynamoDb dynamo = new FakeDynamoDb("id");
    private final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
    private final Backoff fast = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 5);

    private static BuiltItem item(String id, String value, long index) {
        return new BuiltItem(
                new ItemKey(id, null), Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(value)), index);
    }

    private ItemWriter writer(int lanes) {
        return new ItemWriter(
                dynamo,
                "t",
                lanes,
                fast,
                (item, message) -> rejected.add(item.key().partition() + ": " + message));
    }

    @Test
    void items_areWrittenInBatchesOfAtMost25() throws Exception {
        try (ItemWriter writer = writer(1)) {
            for (int i = 0; i < 60; i++) {
                writer.add(item("k" + i, "v", i));
            }
            ItemWriter.Summary summary = writer.finish();
            assertThat(summary.written()).isEqualTo(60);
            assertThat(summary.failed()).isZero();
        }
        assertThat(dynamo.calls).extracting(List::size).containsExactly(25, 25, 10);
        assertThat(dynamo.table).hasSize(60);
    }

    @Test
    void duplicateKeysInOneBatch_areMergedBeforeBatchWrite_lastOneWins() throws Exception {
        try (ItemWriter writer = writer(1)) {
            writer.add(item("a", "first", 0));
            writer.add(item("b", "only", 1));
            writer.add(item("a", "second", 2));
            ItemWriter.Summary summary = writer.finish();
            assertThat(summary.merged()).isEqualTo(1);
            assertThat(summary.written()).isEqualTo(2);
        }
        assertThat(dynamo.calls)
                .singleElement()
                .satisfies(call -> assertThat(call).hasSize(2));
        assertThat(dynamo.table.get("a").get("v").s()).isEqualTo("second");
    }

    @Test
    void sameKeyAcrossBatches_landsInFileOrderWithManyLanes() throws Exception {
        try (ItemWriter writer = writer(8)) {
            for (int round = 0; round < 20; round++) {
                for (int k = 0; k < 30; k++) {
                    writer.add(item("k" + k, "round" + round, round * 30L + k));
                }
            }
            writer.finish();
        }
        for (int k = 0; k < 30; k++) {
            assertThat(dynamo.table.get("k" + k).get("v").s()).isEqualTo("round19");
        }
    }

    @Test
    void unprocessedItems_areResentAlone() throws Exception {
        AtomicInteger call = new AtomicInteger();
        dynamo.behave(requests -> call.getAndIncrement() == 0 ? requests.subList(0, 3) : List.of());
        try (ItemWriter writer = writer(1)) {
            for (int i = 0; i < 10; i++) {
                writer.add(item("k" + i, "v", i));
            }
            ItemWriter.Summary summary = writer.finish();
            assertThat(summary.written()).isEqualTo(10);
            assertThat(summary.retries()).isEqualTo(1);
        }
        assertThat(dynamo.calls).extracting(List::size).containsExactly(10, 3);
        assertThat(dynamo.table).hasSize(10);
    }

    @Test
    void persistentThrottling_isCountedAsFailed_neverAsWritten() throws Exception {
        dynamo.behave(requests -> {
            throw ProvisionedThroughputExceededException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ProvisionedThroughputExceededException")
                            .build())
                    .message("slow down")
                    .build();
        });
        try (ItemWriter writer = writer(2)) {
            for (int i = 0; i < 30; i++) {
                writer.add(item("k" + i, "v", i));
            }
            ItemWriter.Summary summary = writer.finish();
            assertThat(summary.written()).isZero();
            assertThat(summary.failed()).isEqualTo(30);
            assertThat(summary.lastError()).contains("slow down");
        }
        assertThat(dynamo.calls).hasSize(2 * 5);
    }

    @Test
    void validationError_isBisectedToTheBadItem_othersAreWritten() throws Exception {
        dynamo.behave(requests -> {
            if (requests.stream()
                    .anyMatch(w -> w.putRequest().item().get("id").s().equals("bad"))) {
                throw DynamoDbException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ValidationException")
                                .errorMessage("Item size has exceeded the maximum allowed size")
                                .build())
                        .build();
            }
            return List.of();
        });
        try (ItemWriter writer = writer(1)) {
            for (int i = 0; i < 20; i++) {
                writer.add(item(i == 13 ? "bad" : "k" + i, "v", i));
            }
            ItemWriter.Summary summary = writer.finish();
            assertThat(summary.written()).isEqualTo(19);
            assertThat(summary.rejected()).isEqualTo(1);
        }
        assertThat(rejected).containsExactly("bad: Item size has exceeded the maximum allowed size");
        assertThat(dynamo.table).hasSize(19).doesNotContainKey("bad");
    }

    @Test
    void missingTable_failsTheWholeWrite() throws Exception {
        dynamo.behave(requests -> {
            throw ResourceNotFoundException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ResourceNotFoundException")
                            .build())
                    .message("Requested resource not found")
                    .build();
        });
        try (ItemWriter writer = writer(1)) {
            writer.add(item("a", "v", 0));
            assertThatThrownBy(writer::finish).isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
