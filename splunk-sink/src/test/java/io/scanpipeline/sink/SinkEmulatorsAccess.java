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

/** {@link SinkEmulators} for tests in other packages. */
public final class SinkEmulatorsAccess implements AutoCloseable {

    private final SinkEmulators emulators;

    private SinkEmulatorsAccess(SinkEmulators emulators) {
        this.emulators = emulators;
    }

    public static SinkEmulatorsAccess start() throws IOException {
        return new SinkEmulatorsAccess(new SinkEmulators());
    }

    public static AwsCredentialsProvider credentials() {
        return SinkEmulators.CREDENTIALS;
    }

    public void createStream(String name, int shards) throws InterruptedException {
        emulators.createStream(name, shards);
    }

    /** Puts envelopes {@code from} to {@code to} (exclusive) and returns their eventIds. */
    public Set<String> put(String stream, int from, int to) {
        return emulators.put(stream, "Findings", from, to).stream()
                .map(SinkEmulators.Sent::eventId)
                .collect(Collectors.toSet());
    }

    public Map<String, String> env(String stream, String application) {
        return emulators.env(stream, application);
    }

    public List<String> receivedEventIds() {
        return emulators.receivedEventIds();
    }

    /** The DynamoDB tables that exist now. */
    public List<String> tableNames() {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(emulators.dynamoDb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(SinkEmulators.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return client.listTables().tableNames();
        }
    }

    @Override
    public void close() throws IOException {
        emulators.close();
    }
}
