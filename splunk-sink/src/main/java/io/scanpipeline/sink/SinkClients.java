package io.scanpipeline.sink;

import io.scanpipeline.core.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.kinesis.common.KinesisClientUtil;

/**
 * The AWS clients of one sink process. KCL needs asynchronous (Netty) clients for Kinesis, DynamoDB and CloudWatch;
 * dead letters use a synchronous S3 client on the URL-connection HTTP client, like the rest of the project
 * ({@link AwsClients}), whose endpoint overrides these clients use too.
 *
 * @param kinesis    for records (and shard listing)
 * @param dynamoDb   for the lease table
 * @param cloudWatch for KCL metrics (never called with {@code KCL_METRICS_LEVEL=NONE})
 * @param s3         for dead letters
 */
public record SinkClients(
        KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb, CloudWatchAsyncClient cloudWatch, S3Client s3)
        implements AutoCloseable {

    /** Clients with the default credentials chain (environment, profile, container or instance role). */
    public static SinkClients create(AwsClients aws, KclSettings.RetrievalMode mode) {
        return create(aws, mode, DefaultCredentialsProvider.builder().build());
    }

    /** Clients with the given credentials. */
    public static SinkClients create(
            AwsClients aws, KclSettings.RetrievalMode mode, AwsCredentialsProvider credentials) {
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .build();
        KinesisAsyncClientBuilder kinesis = KinesisAsyncClient.builder()
                .region(aws.region())
                .credentialsProvider(credentials)
                .overrideConfiguration(retries);
        override(kinesis, aws.endpointFor(AwsClients.Service.KINESIS));
        // enhanced fan-out streams over HTTP/2; KCL's helper sets the protocol and connection limits it needs
        KinesisAsyncClient kinesisClient = mode == KclSettings.RetrievalMode.FANOUT
                ? KinesisClientUtil.createKinesisAsyncClient(kinesis)
                : kinesis.build();
        var dynamo = DynamoDbAsyncClient.builder()
                .region(aws.region())
                .credentialsProvider(credentials)
                .overrideConfiguration(retries);
        override(dynamo, aws.endpointFor(AwsClients.Service.DYNAMODB));
        var cloudWatch = CloudWatchAsyncClient.builder()
                .region(aws.region())
                .credentialsProvider(credentials)
                .overrideConfiguration(retries);
        override(cloudWatch, aws.endpointFor(AwsClients.Service.CLOUDWATCH));
        var s3 = S3Client.builder()
                .region(aws.region())
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(retries)
                .forcePathStyle(aws.s3PathStyle());
        override(s3, aws.endpointFor(AwsClients.Service.S3));
        return new SinkClients(kinesisClient, dynamo.build(), cloudWatch.build(), s3.build());
    }

    private static void override(
            software.amazon.awssdk.core.client.builder.SdkClientBuilder<?, ?> builder, Optional<URI> endpoint) {
        endpoint.ifPresent(builder::endpointOverride);
    }

    @Override
    public void close() {
        kinesis.close();
        dynamoDb.close();
        cloudWatch.close();
        s3.close();
    }
}
