package io.scanpipeline.local.emulator.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.SdkClients;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** With a persistence directory, kinesis-mock brings streams and records back after a restart. */
class LocalKinesisPersistenceTest {

    @Test
    void restartKeepsStreamsAndRecords(@TempDir Path dir) {
        PutRecordResponse put;
        try (LocalKinesis kinesis = LocalKinesis.builder().persistenceDir(dir).start();
                KinesisClient client = SdkClients.kinesis(kinesis.endpoint())) {
            client.createStream(b -> b.streamName("kept").shardCount(1));
            SdkClients.awaitStreamActive(client, "kept");
            put = client.putRecord(b -> b.streamName("kept").partitionKey("p").data(SdkBytes.fromUtf8String("v1")));
            // Closed right after the write: close must wait for kinesis-mock to save it.
        }

        try (LocalKinesis kinesis = LocalKinesis.builder().persistenceDir(dir).start();
                KinesisClient client = SdkClients.kinesis(kinesis.endpoint())) {
            assertThat(client.listStreams().streamNames()).containsExactly("kept");
            String iterator = client.getShardIterator(b -> b.streamName("kept")
                            .shardId(put.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            List<Record> records =
                    client.getRecords(b -> b.shardIterator(iterator)).records();
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.sequenceNumber()).isEqualTo(put.sequenceNumber());
                assertThat(record.data().asUtf8String()).isEqualTo("v1");
            });
        }
    }
}
