package io.scanpipeline.sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link LocalPipeline} for tests in other packages. */
public final class LocalPipelineAccess implements AutoCloseable {

    private final LocalPipeline pipeline;

    private LocalPipelineAccess(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    public static LocalPipelineAccess start() throws IOException {
        return new LocalPipelineAccess(new LocalPipeline());
    }

    public static AwsCredentialsProvider credentials() {
        return LocalPipeline.CREDENTIALS;
    }

    public void createStream(String name, int shards) throws InterruptedException {
        pipeline.createStream(name, shards);
    }

    /** Puts envelopes {@code from} to {@code to} (exclusive) and returns their eventIds. */
    public Set<String> put(String stream, int from, int to) {
        return pipeline.put(stream, "Findings", from, to).stream().map(LocalPipeline.Sent::eventId)
                .collect(Collectors.toSet());
    }

    public Map<String, String> env(String stream, String application) {
        return pipeline.env(stream, application);
    }

    public List<String> receivedEventIds() {
        return pipeline.receivedEventIds();
    }

    /** The DynamoDB tables that exist now. */
    public List<String> tableNames() {
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(pipeline.dynamoDb.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(LocalPipeline.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return client.listTables().tableNames();
        }
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
    }
}
