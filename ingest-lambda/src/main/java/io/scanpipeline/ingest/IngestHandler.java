package io.scanpipeline.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point for S3 ObjectCreated notifications. Thin: the clients are built once per container from the
 * environment, and each object goes to {@link IngestService}.
 *
 * <p>When an object cannot be fully ingested for a passing reason, the other objects of the event are still done,
 * then the invocation fails so that Lambda retries it; the writes are idempotent, so a retry does no harm.
 */
public final class IngestHandler implements RequestHandler<S3Event, Map<String, Object>> {

    private final IngestService service;
    private final StructuredLog log;

    /**
     * Used by Lambda: configuration and clients from the environment. The S3 client comes first: the ingest rules
     * may be an S3 object (INGEST_RULES_S3_URI), read and validated here, at cold start.
     */
    public IngestHandler() {
        this(System.getenv(), s3Client(IngestConfig.awsClients(System.getenv())));
    }

    private IngestHandler(Map<String, String> env, S3Client s3) {
        this(
                createService(IngestConfig.fromEnv(env, RuleDocuments.s3(s3)), s3),
                StructuredLog.forClass(IngestHandler.class));
    }

    /** For tests and the local pipeline. */
    public IngestHandler(IngestService service, StructuredLog log) {
        this.service = service;
        this.log = log;
    }

    private static S3Client s3Client(AwsClients aws) {
        return aws.build(S3Client.builder().forcePathStyle(aws.s3PathStyle()), AwsClients.Service.S3);
    }

    private static IngestService createService(IngestConfig config) {
        return createService(config, s3Client(config.aws()));
    }

    private static IngestService createService(IngestConfig config, S3Client s3) {
        DynamoDbClient dynamo = config.aws().build(DynamoDbClient.builder(), AwsClients.Service.DYNAMODB);
        StructuredLog log = StructuredLog.forClass(IngestService.class);
        return new IngestService(
                config, s3, dynamo, new S3Quarantine(s3, config.quarantineBucket(), config.quarantinePrefix()), log);
    }

    @Override
    public Map<String, Object> handleRequest(S3Event event, Context context) {
        List<ObjectReport> reports = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> continued = new ArrayList<>();
        RuntimeException firstFailure = null;
        long marginMillis = service.config().deadlineMargin().toMillis();
        BooleanSupplier outOfTime =
                context == null ? () -> false : () -> context.getRemainingTimeInMillis() < marginMillis;
        Continuations continuations = service.continuations();
        for (SourceObject object : S3EventObjects.createdObjects(event)) {
            try {
                SourceObject source = object;
                long resumeAt = 0;
                long quarantinedBefore = 0;
                if (continuations.isContinuation(object)) {
                    Optional<Continuations.Continuation> piece = continuations.read(object);
                    if (piece.isEmpty()) {
                        log.warn("continuation_gone", Map.of("continuation", object.uri()));
                        continue;
                    }
                    source = piece.get().source();
                    resumeAt = piece.get().resumeAt();
                    quarantinedBefore = piece.get().quarantinedBefore();
                }
                if (outOfTime.getAsBoolean()) { // not even time to start: the whole object goes on
                    continued.add(continuations.write(source, resumeAt, quarantinedBefore));
                    continue;
                }
                ObjectReport report = service.ingest(source, resumeAt, quarantinedBefore, outOfTime);
                if (report.outcome() == ObjectReport.Outcome.PARTIAL) {
                    String next =
                            continuations.write(source, report.resumeAt(), quarantinedBefore + report.quarantined());
                    continued.add(next);
                    log.info(
                            "object_continued",
                            Map.of("object", source.uri(), "resumeAt", report.resumeAt(), "continuation", next));
                }
                reports.add(report);
            } catch (RetryableIngestException e) {
                failures.add(e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
                log.error(
                        "object_failed",
                        Map.of("object", object.uri(), "error", String.valueOf(e.getMessage()), "retryable", true));
            } catch (IllegalArgumentException e) {
                // an object under the continuation prefix that is not a continuation: nothing to retry
                log.error(
                        "bad_continuation",
                        Map.of("object", object.uri(), "error", String.valueOf(e.getMessage()), "retryable", false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryableIngestException("interrupted while ingesting " + object.uri(), e);
            }
        }
        if (firstFailure != null) {
            throw new RetryableIngestException(
                    failures.size() + " object(s) failed and will be retried: " + String.join("; ", failures),
                    firstFailure);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("objects", reports.size());
        result.put(
                "recordsRead",
                reports.stream().mapToLong(ObjectReport::recordsRead).sum());
        result.put(
                "itemsWritten",
                reports.stream().mapToLong(ObjectReport::itemsWritten).sum());
        result.put(
                "quarantined",
                reports.stream().mapToLong(ObjectReport::quarantined).sum());
        result.put(
                "outcomes",
                reports.stream().map(r -> r.source().uri() + " " + r.outcome()).toList());
        result.put("continuations", continued);
        return result;
    }
}
