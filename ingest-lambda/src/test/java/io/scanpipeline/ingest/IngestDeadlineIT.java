package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.local.emulator.LocalAws;
import io.scanpipeline.local.emulator.s3.LocalS3Server;
import io.scanpipeline.local.emulator.s3.S3EventListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A file longer than one invocation can finish lands completely, in pieces chained through continuation objects,
 * on the emulators: each continuation's ObjectCreated event is fed back to the handler as S3 would.
 */
class IngestDeadlineIT {

    private static final int RECORDS = 1000;
    /** Calls of getRemainingTimeInMillis an invocation answers with plenty of time: about one per record. */
    private static final int CALLS_PER_INVOCATION = 300;

    private LocalAws aws;
    private String bucket;
    private String table;
    private IngestHandler handler;
    private final BlockingQueue<String> continuationEvents = new LinkedBlockingQueue<>();
    private final S3EventListener listener = event -> {
        if (event.isCreated() && event.key().startsWith("_ingest-continuation/")) {
            continuationEvents.add(LocalS3Server.toS3EventJson(event, "us-east-1"));
        }
    };

    @BeforeEach
    void start() {
        aws = LocalAws.shared();
        bucket = "deadline-" + UUID.randomUUID().toString().substring(0, 8);
        table = "Deadline" + UUID.randomUUID().toString().substring(0, 8);
        aws.createBucket(bucket, true);
        aws.createTable(table, "emp_id");
        StructuredLog log = StructuredLog.to("test", line -> {});
        IngestConfig config = IngestConfig.fromEnv(Map.of("TABLE_NAME", table));
        handler = new IngestHandler(
                new IngestService(
                        config,
                        aws.s3(),
                        aws.dynamoDb(),
                        new S3Quarantine(aws.s3(), Optional.empty(), "quarantine/"),
                        log),
                log);
        aws.s3Server().addListener(listener);
    }

    @AfterEach
    void stop() {
        aws.s3Server().removeListener(listener);
    }

    @Test
    void fileLongerThanOneInvocation_stopsBeforeTheDeadline_andLandsCompletelyThroughContinuations()
            throws InterruptedException {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) {
            ndjson.append("{\"emp_id\":\"D")
                    .append(i)
                    .append("\",\"n\":")
                    .append(i)
                    .append("}\n");
            if (i == 500) {
                ndjson.append("{not json}\n"); // one quarantine line in the middle piece
            }
        }
        String event = aws.putAndCaptureEvent(
                bucket, "big.ndjson", RequestBody.fromString(ndjson.toString(), StandardCharsets.UTF_8));

        Map<String, Object> first =
                handler.handleRequest(LambdaEvents.s3Event(event), new CountdownContext(CALLS_PER_INVOCATION));

        assertThat((List<?>) first.get("continuations"))
                .as("the first invocation stopped before its deadline")
                .hasSize(1);
        assertThat((long) first.get("itemsWritten")).isLessThan(RECORDS).isGreaterThan(0);
        int invocations = 1;
        List<String> handled = new ArrayList<>();
        String next;
        while ((next = continuationEvents.poll(5, TimeUnit.SECONDS)) != null) {
            handled.add(next);
            handler.handleRequest(LambdaEvents.s3Event(next), new CountdownContext(CALLS_PER_INVOCATION));
            invocations++;
            assertThat(invocations).as("the chain ends").isLessThan(20);
        }

        assertThat(invocations).isEqualTo((RECORDS + CALLS_PER_INVOCATION - 1) / CALLS_PER_INVOCATION);
        assertThat(aws.scanAll(table))
                .hasSize(RECORDS)
                .allSatisfy(item -> assertThat(item.get("emp_id").s())
                        .isEqualTo("D" + item.get("n").n()));
        long quarantineLines =
                aws.s3().listObjectsV2(r -> r.bucket(bucket).prefix("quarantine/big.ndjson/")).contents().stream()
                        .mapToLong(o -> aws.s3()
                                .getObjectAsBytes(r -> r.bucket(bucket).key(o.key()))
                                .asUtf8String()
                                .lines()
                                .count())
                        .sum();
        assertThat(quarantineLines)
                .as("the bad line is quarantined exactly once across the pieces")
                .isEqualTo(1);

        // a redelivered continuation event rewrites identical items and forks no second chain
        long streamRecords = aws.streamRecordCount(table);
        handler.handleRequest(LambdaEvents.s3Event(handled.get(0)), new CountdownContext(CALLS_PER_INVOCATION));
        assertThat(aws.streamRecordCount(table)).isEqualTo(streamRecords);
        assertThat(continuationEvents.poll(2, TimeUnit.SECONDS))
                .as("no new continuation")
                .isNull();
    }

    /**
     * Stands in for Lambda's context: the first {@code calls} questions about the remaining time get a minute, then
     * one second (under the deadline margin). Counting calls instead of reading a clock keeps the test free of
     * timing: each invocation gets the same amount of work, however fast the machine is.
     */
    static final class CountdownContext implements Context {
        private int calls;

        CountdownContext(int calls) {
            this.calls = calls;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return calls-- > 0 ? 60_000 : 1_000;
        }

        @Override
        public String getAwsRequestId() {
            return "test";
        }

        @Override
        public String getLogGroupName() {
            return "test";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "ingest";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:ingest";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
