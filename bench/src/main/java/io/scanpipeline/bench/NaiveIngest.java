package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The baseline of figure 1: the S3-to-DynamoDB Lambda as tutorials write it. It reads the whole object into memory
 * ({@code getObjectAsBytes}), parses it into a tree ({@code readTree}) with a default {@code ObjectMapper}, and
 * writes one {@code PutItem} per record, one after the other. It keeps the same 8 fields under the same key as the
 * ingest rule (numbers as N, everything else as S) but adds no {@code _source}, no checks and no quarantine, so
 * its items are a little smaller than ours: the comparison favours it.
 */
final class NaiveIngest {

    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final ObjectMapper mapper = new ObjectMapper();

    NaiveIngest(S3Client s3, DynamoDbClient dynamo) {
        this.s3 = s3;
        this.dynamo = dynamo;
    }

    /** Ingests {@code s3://bucket/key} into {@code table}; returns the number of records written. */
    long ingest(String bucket, String key, String table) throws IOException {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        JsonNode root = mapper.readTree(bytes);
        long written = 0;
        for (JsonNode result : root.path("Results")) {
            String target = result.path("Target").asText();
            for (JsonNode vulnerability : result.path("Vulnerabilities")) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put(
                        ScanFile.PARTITION_KEY,
                        AttributeValue.fromS(target + "#"
                                + vulnerability.path("VulnerabilityID").asText() + "#"
                                + vulnerability.path("PkgName").asText()
                                + "#" + vulnerability.path("InstalledVersion").asText()));
                item.put("Target", AttributeValue.fromS(target));
                for (String[] field : ScanFile.PROJECTED_FIELDS) {
                    JsonNode value = vulnerability.at("/" + field[0].replace('.', '/'));
                    if (value.isNumber()) {
                        item.put(field[1], AttributeValue.fromN(value.asText()));
                    } else if (!value.isMissingNode()) {
                        item.put(field[1], AttributeValue.fromS(value.asText()));
                    }
                }
                dynamo.putItem(
                        PutItemRequest.builder().tableName(table).item(item).build());
                written++;
            }
        }
        return written;
    }
}
