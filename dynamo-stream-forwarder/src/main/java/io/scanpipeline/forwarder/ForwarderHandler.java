package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point for a DynamoDB stream event-source mapping. Configure the mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}: the response names the first record not forwarded and
 * every record after it, and Lambda retries from there.
 *
 * <p>Settings: {@link ForwarderConfig}; AWS region and endpoint overrides ({@code AWS_ENDPOINT_URL_KINESIS},
 * {@code AWS_ENDPOINT_URL_S3}): {@link AwsClients}.
 */
public final class ForwarderHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ForwarderService service;

    /** Used by Lambda: reads the environment and builds the clients once per execution environment. */
    public ForwarderHandler() {
        this(fromEnv(System.getenv()));
    }

    /** Used by tests: a service with fakes behind it. */
    public ForwarderHandler(ForwarderService service) {
        this.service = service;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        ForwardResult result = service.forward(event, Duration.ofMillis(context.getRemainingTimeInMillis()));
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (String sequenceNumber : result.failedSequenceNumbers()) {
            failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
        }
        return new StreamsEventResponse(failures);
    }

    /** The forwarder's AWS settings: Kinesis, and S3 for the quarantine and the failed batches. */
    static AwsClients awsClients(Map<String, String> env) {
        return AwsClients.fromEnv(env, AwsClients.Service.KINESIS, AwsClients.Service.S3);
    }

    /** Builds the service and its clients from {@code env}. */
    static ForwarderService fromEnv(Map<String, String> env) {
        ForwarderConfig config = ForwarderConfig.fromEnv(env);
        AwsClients aws = awsClients(env);
        KinesisClient kinesis = aws.build(KinesisClient.builder(), AwsClients.Service.KINESIS);
        Quarantine quarantine = null;
        if (config.hasQuarantine()) {
            S3Client s3 = aws.build(S3Client.builder().forcePathStyle(aws.s3PathStyle()), AwsClients.Service.S3);
            quarantine = new S3Quarantine(s3, config.quarantineBucket(), config.quarantinePrefix(), Clock.systemUTC());
        }
        return new ForwarderService(
                config,
                KinesisPublisher.create(kinesis, config),
                quarantine,
                StructuredLog.forClass(ForwarderHandler.class),
                Clock.systemUTC());
    }
}
