package io.scanpipeline.sink.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.S3RejectStore;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.local.emulator.s3.LocalS3Server;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.deadletter.DeadLetter;
import io.scanpipeline.sink.deadletter.DeadLetters;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.kcl.HecEventMapper;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** Redrive of dead-letter objects from the local S3 server to the HEC receiver. */
class RedriveDeadLettersIT {

    private static final String TOKEN = "6e5d4c3b-2a19-4f8e-a7d6-c5b4a3928170";
    private LocalS3Server s3;
    private S3Client s3Client;
    private HecReceiver receiver;
    private S3RejectStore store;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        s3 = LocalS3Server.start(null);
        s3Client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3Client.createBucket(b -> b.bucket("dead"));
        store = new S3RejectStore(s3Client, "dead");
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .allowedIndexes(Set.of("main"))
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        s3Client.close();
        s3.close();
    }

    private static DeadLetter rejected(int n) {
        ChangeEnvelope envelope = ChangeEnvelope.of(
                ChangeEnvelope.EventName.INSERT,
                "Findings",
                Map.of("pk", AttributeValue.fromS("f" + n)),
                Map.of("pk", AttributeValue.fromS("f" + n)),
                null,
                "7" + n,
                Instant.parse("2024-05-01T10:00:00Z"));
        return new DeadLetter(
                DeadLetter.Stage.HEC,
                "HTTP 400 code 7 (Incorrect index)",
                400,
                7,
                "shardId-000000000000",
                SequencePosition.of(String.valueOf(100 + n), 0),
                "pk",
                null,
                ChangeEnvelopeCodec.toJson(envelope),
                null);
    }

    private RedriveDeadLetters.Result redrive(String index) throws Exception {
        try (HecClient hec = HecClient.create(
                HecEnvironment.fromEnv(
                        Map.of("HEC_URLS", receiver.endpoint().toString(), "HEC_TOKEN", TOKEN, "HEC_INDEX", index)),
                StructuredLog.to("hec", lines::add))) {
            return RedriveDeadLetters.run(
                    store,
                    store.list("dead-letter/"),
                    hec,
                    new HecEventMapper("scan:finding"),
                    StructuredLog.to("redrive", lines::add));
        }
    }

    @Test
    void redrive_sendsEachRecordOnce_andReportsWhatIsStillUnreadable() throws Exception {
        DeadLetters writer = DeadLetters.create(store, "dead-letter/", "scan-sink", StructuredLog.to("dl", lines::add));
        writer.writeNow("shardId-000000000000", List.of(rejected(1), rejected(2)));
        // the same record again in another grouping, as after a crash between two writes
        writer.writeNow("shardId-000000000000", List.of(rejected(2), rejected(3)));
        writer.writeNow(
                "shardId-000000000001",
                List.of(new DeadLetter(
                        DeadLetter.Stage.DECODE,
                        "not JSON",
                        null,
                        null,
                        "shardId-000000000001",
                        SequencePosition.of("5", 0),
                        null,
                        null,
                        null,
                        "garbage".getBytes(StandardCharsets.UTF_8))));
        writer.close();

        RedriveDeadLetters.Result result = redrive("main");

        assertThat(result.delivered()).isEqualTo(3);
        assertThat(result.unreadable()).isEqualTo(1);
        assertThat(result.complete()).isFalse();
        assertThat(receiver.events())
                .hasSize(3)
                .allSatisfy(event -> assertThat(event.path("index").asText()).isEqualTo("main"));
        assertThat(store.list("dead-letter/")).as("objects are kept").hasSize(3);
    }

    @Test
    void redrive_reportsEventsSplunkRejectsAgain() throws Exception {
        DeadLetters.create(store, "dead-letter/", "scan-sink", StructuredLog.to("dl", lines::add))
                .writeNow("shardId-000000000000", List.of(rejected(1)));

        RedriveDeadLetters.Result result = redrive("still-missing");

        assertThat(result.delivered()).isZero();
        assertThat(result.rejected()).singleElement().asString().contains("code 7");
        assertThat(result.complete()).isFalse();
    }
}
