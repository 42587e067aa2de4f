package io.scanpipeline.ingest.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Replacing a quarantine object with what a re-ingest found, without changing what did not change: an object that
 * already holds the same lines (apart from their {@code quarantinedAt}) is left as it is, and an object whose lines
 * all landed is deleted. So a second re-ingest writes nothing to S3 either (in a versioned bucket every put or
 * delete would add a version and an event).
 */
public final class QuarantineObjects {

    private QuarantineObjects() {}

    /**
     * Makes {@code s3://bucket/key} hold the lines of {@code spool}; nothing is written when it already does.
     *
     * @return true when the object was written
     * @throws IOException when S3 cannot be read or written: the caller must fail, not report success
     */
    public static boolean replace(S3Client s3, String bucket, String key, Path spool) throws IOException {
        if (sameLines(s3, bucket, key, spool)) {
            return false;
        }
        try {
            s3.putObject(
                    r -> r.bucket(bucket).key(key).contentType("application/x-ndjson"), RequestBody.fromFile(spool));
            return true;
        } catch (SdkException e) {
            throw new IOException("could not write quarantine s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the object when it exists (a delete of a missing key would still add a delete marker to a versioned
     * bucket).
     *
     * @return true when there was one
     */
    public static boolean deleteIfPresent(S3Client s3, String bucket, String key) throws IOException {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("could not read quarantine s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not read quarantine s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw new IOException("could not delete quarantine s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Whether the object exists and holds the same lines as the file, in order, {@code quarantinedAt} aside. */
    private static boolean sameLines(S3Client s3, String bucket, String key, Path spool) throws IOException {
        try (InputStream stored = s3.getObject(r -> r.bucket(bucket).key(key));
                BufferedReader old = new BufferedReader(new InputStreamReader(stored, StandardCharsets.UTF_8));
                BufferedReader now = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            while (true) {
                String a = old.readLine();
                String b = now.readLine();
                if (a == null || b == null) {
                    return a == null && b == null;
                }
                if (!a.equals(b) && !Objects.equals(withoutTime(a), withoutTime(b))) {
                    return false;
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("could not read quarantine s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not read quarantine s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode withoutTime(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            if (node instanceof ObjectNode object) {
                object.remove("quarantinedAt");
            }
            return node;
        } catch (IOException e) {
            return null; // not JSON: only equal as text
        }
    }
}
