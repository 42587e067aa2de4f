package io.scanpipeline.forwarder;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.cli.Commands;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Re-forwards the batches the forwarder's stream mapping gave up on (after a Kinesis, KMS or IAM outage longer than
 * its retries), from the records its S3 on-failure destination kept ({@link FailedBatch}):
 * <pre>RedriveFailedBatches (--bucket &lt;bucket&gt; [--prefix aws/lambda/] | --file &lt;json-lines file&gt;)</pre>
 * (the command line is {@link RedriveFailedBatchesCommand}; {@code bin/redrive-failed-batches} runs it).
 * The forwarder's own variables ({@code STREAM_NAME}, ...) configure the {@link ForwarderService} that publishes.
 *
 * <p>Order: batches are forwarded in stream order (by sequence number), each batch's records in order, so one item's
 * changes reach Kinesis in the order they happened. At the first batch that does not go through completely the
 * redrive stops (nothing after it is sent, so no later change overtakes an earlier one) and exits 1; run it again
 * once the cause is fixed. Objects are never deleted: redriving twice only sends duplicates, which carry the same
 * deterministic envelope {@code eventId} (the sink's HEC events dedup on it), never a loss. Exit status: 0 every
 * batch forwarded, 1 some not, 2 invalid arguments, configuration or on-failure records.
 */
public final class RedriveFailedBatches {

    /** Time given to each batch, as if it were an invocation with the forwarder's longest timeout. */
    static final Duration BATCH_TIME = Duration.ofMinutes(15);

    /**
     * What a redrive did.
     *
     * @param batches   on-failure records forwarded completely
     * @param records   stream records in those batches
     * @param published envelopes published to Kinesis (filtered records are not published)
     * @param failure   why the redrive stopped, or null when every batch went through
     */
    public record Result(int batches, int records, int published, String failure) {
        public boolean complete() {
            return failure == null;
        }
    }

    private final ForwarderService service;
    private final StructuredLog log;

    public RedriveFailedBatches(ForwarderService service, StructuredLog log) {
        this.service = service;
        this.log = log;
    }

    /** Forwards {@code batches} in stream order (sorted here), stopping at the first that does not go through. */
    public Result redrive(List<FailedBatch> batches) {
        List<FailedBatch> ordered = new ArrayList<>(batches);
        ordered.sort(FailedBatch.STREAM_ORDER);
        int done = 0;
        int records = 0;
        int published = 0;
        for (FailedBatch batch : ordered) {
            ForwardResult result = service.forward(batch.event(), BATCH_TIME);
            published += result.stats().published();
            if (!result.failedSequenceNumbers().isEmpty()) {
                String failure =
                        batch.source() + ": " + result.failedSequenceNumbers().size() + " of " + batch.size()
                                + " records not forwarded from "
                                + result.failedSequenceNumbers().get(0) + ": "
                                + result.failureReason();
                log.error("redrive_stopped", Map.of("source", batch.source(), "reason", failure, "batchesDone", done));
                return new Result(done, records, published, failure);
            }
            done++;
            records += batch.size();
            log.info(
                    "batch_redriven",
                    Map.of(
                            "source",
                            batch.source(),
                            "shardId",
                            batch.shardId(),
                            "startSequenceNumber",
                            batch.startSequenceNumber(),
                            "records",
                            batch.size()));
        }
        return new Result(done, records, published, null);
    }

    /** Reads on-failure records written one JSON document per line (the local pipeline's stand-in). */
    public static List<FailedBatch> readLines(Path file) throws IOException {
        List<FailedBatch> batches = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                batches.add(FailedBatch.parse(Json.mapper().readTree(lines.get(i)), file + " line " + (i + 1)));
            }
        }
        return batches;
    }

    /** Reads every on-failure object under {@code prefix} (Lambda writes one object per failed batch). */
    public static List<FailedBatch> readObjects(S3Client s3, String bucket, String prefix) throws IOException {
        List<FailedBatch> batches = new ArrayList<>();
        for (S3Object object :
                s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            byte[] body =
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray();
            JsonNode record = Json.mapper().readTree(body);
            batches.add(FailedBatch.parse(record, "s3://" + bucket + "/" + object.key()));
        }
        return batches;
    }

    /** {@code bin/redrive-failed-batches}: see {@link RedriveFailedBatchesCommand}. */
    public static void main(String[] args) {
        Commands.exit(new RedriveFailedBatchesCommand(System.getenv(), ForwarderHandler::fromEnv), args);
    }
}
