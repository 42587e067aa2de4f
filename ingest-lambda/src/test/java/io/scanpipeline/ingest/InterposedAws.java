package io.scanpipeline.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Clients that pass every call to the emulators but let a test step in: run something just before an object is
 * read (another version arriving mid-ingest, as a concurrent upload would), or leave chosen items unprocessed by
 * every BatchWriteItem (a write that keeps failing), which the emulators cannot be told to do.
 */
final class InterposedAws {

    private InterposedAws() {}

    /** An S3 client that runs {@code beforeRead} once, before the first GetObject. */
    static S3Client s3(S3Client real, Runnable beforeRead) {
        return new S3Client() {
            private boolean done;

            @Override
            public HeadObjectResponse headObject(HeadObjectRequest request) {
                return real.headObject(request);
            }

            @Override
            public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
                if (!done) {
                    done = true;
                    beforeRead.run();
                }
                return real.getObject(request, transformer);
            }

            @Override
            public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
                return getObject(request, ResponseTransformer.toInputStream());
            }

            @Override
            public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
                return real.putObject(request, body);
            }

            @Override
            public String serviceName() {
                return real.serviceName();
            }

            @Override
            public void close() {}
        };
    }

    /** A DynamoDB client that leaves every put of an item matching {@code refuse} unprocessed. */
    static DynamoDbClient dynamo(DynamoDbClient real, Predicate<Map<String, AttributeValue>> refuse) {
        return new DynamoDbClient() {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                String table = request.requestItems().keySet().iterator().next();
                List<WriteRequest> pass = new ArrayList<>();
                List<WriteRequest> refused = new ArrayList<>();
                for (WriteRequest w : request.requestItems().get(table)) {
                    (refuse.test(w.putRequest().item()) ? refused : pass).add(w);
                }
                if (!pass.isEmpty()) {
                    BatchWriteItemResponse r = real.batchWriteItem(b -> b.requestItems(Map.of(table, pass)));
                    refused.addAll(r.unprocessedItems().getOrDefault(table, List.of()));
                }
                return refused.isEmpty()
                        ? BatchWriteItemResponse.builder().build()
                        : BatchWriteItemResponse.builder()
                                .unprocessedItems(Map.of(table, refused))
                                .build();
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                return real.getItem(request);
            }

            @Override
            public String serviceName() {
                return real.serviceName();
            }

            @Override
            public void close() {}
        };
    }
}
