package io.scanpipeline.deploy;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions an SDK operation needs. Most are the operation's name ({@code batchWriteItem} ->
 * {@code dynamodb:BatchWriteItem}); the exceptions are listed, and an operation that needs more thought than that
 * (transactions, multi-object deletes) fails here so that someone decides.
 */
final class IamActions {

    /** Operations whose action is not their own name. */
    private static final Map<String, Set<String>> SPECIAL = Map.ofEntries(
            Map.entry("s3.headObject", Set.of("s3:GetObject")),
            Map.entry("s3.getObjectAsBytes", Set.of("s3:GetObject")),
            Map.entry("s3.getObjectAttributes", Set.of("s3:GetObject", "s3:GetObjectAttributes")),
            Map.entry("s3.headBucket", Set.of("s3:ListBucket")),
            Map.entry("s3.listObjects", Set.of("s3:ListBucket")),
            Map.entry("s3.listObjectsV2", Set.of("s3:ListBucket")),
            Map.entry("s3.listObjectsV2Paginator", Set.of("s3:ListBucket")),
            Map.entry("s3.listObjectVersions", Set.of("s3:ListBucketVersions")),
            Map.entry("s3.listObjectVersionsPaginator", Set.of("s3:ListBucketVersions")),
            Map.entry("s3.copyObject", Set.of("s3:GetObject", "s3:PutObject")),
            Map.entry("s3.createMultipartUpload", Set.of("s3:PutObject")),
            Map.entry("s3.uploadPart", Set.of("s3:PutObject")),
            Map.entry("s3.completeMultipartUpload", Set.of("s3:PutObject")),
            Map.entry("kinesis.listShardsPaginator", Set.of("kinesis:ListShards")),
            Map.entry("dynamodb.scanPaginator", Set.of("dynamodb:Scan")),
            Map.entry("dynamodb.queryPaginator", Set.of("dynamodb:Query")));

    private static final Set<String> UNDECIDED = Set.of(
            "dynamodb.transactWriteItems",
            "dynamodb.transactGetItems",
            "dynamodb.executeStatement",
            "dynamodb.batchExecuteStatement",
            "dynamodb.executeTransaction",
            "s3.deleteObjects");
    /** IAM service prefixes that differ from the SDK's package name. */
    private static final Map<String, String> PREFIX = Map.of("cloudwatchlogs", "logs");

    private IamActions() {}

    static Set<String> of(SdkCalls.Operation operation, SdkCalls calls) {
        String key = operation.service() + "." + operation.method();
        if (UNDECIDED.contains(key)) {
            throw new AssertionError("the code calls " + key + ": decide its IAM actions in IamActions");
        }
        Set<String> actions = new TreeSet<>(SPECIAL.getOrDefault(
                key,
                Set.of(PREFIX.getOrDefault(operation.service(), operation.service()) + ":"
                        + Character.toUpperCase(operation.method().charAt(0))
                        + operation.method().substring(1))));
        // a request for a given version needs the version's own permission
        if (key.equals("s3.getObject") && calls.setsVersionId("GetObjectRequest")
                || key.equals("s3.headObject") && calls.setsVersionId("HeadObjectRequest")) {
            actions.add("s3:GetObjectVersion");
        }
        return actions;
    }

    static String lower(String action) {
        return action.toLowerCase(Locale.ROOT);
    }
}
