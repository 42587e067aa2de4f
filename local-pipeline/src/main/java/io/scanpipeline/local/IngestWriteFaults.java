package io.scanpipeline.local;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Makes the local ingest's conditional item writes (PutItem, the writes of snapshot rules) fail for chosen items, as
 * an outage of DynamoDB or a revoked permission would: the emulator cannot be told to. Each refused put gets a 400
 * {@code AccessDeniedException}, which the writer does not retry, so the invocation fails after writing part of the
 * file and Lambda's retries follow. Everything else passes through unchanged.
 */
public final class IngestWriteFaults {

    private volatile Predicate<Map<String, AttributeValue>> refuse = item -> false;
    private volatile long refused;

    /** Refuses every PutItem of an item matching {@code items} until {@link #clear()}. */
    public void refuse(Predicate<Map<String, AttributeValue>> items) {
        this.refuse = items;
    }

    /** Lets every write through again. */
    public void clear() {
        this.refuse = item -> false;
    }

    /** How many puts were refused so far. */
    public long refused() {
        return refused;
    }

    /** The client the ingest uses: {@code real}, with the refusals stepped in before PutItem. */
    DynamoDbClient wrap(DynamoDbClient real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("putItem")
                    && args != null
                    && args.length == 1
                    && args[0] instanceof PutItemRequest put
                    && refuse.test(put.item())) {
                refused++;
                throw DynamoDbException.builder()
                        .statusCode(400)
                        .message("refused by IngestWriteFaults")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("AccessDeniedException")
                                .errorMessage("refused by IngestWriteFaults")
                                .serviceName("DynamoDb")
                                .build())
                        .build();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, handler);
    }
}
