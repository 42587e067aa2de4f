package io.scanpipeline.ingest.reingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.Utf16;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.RetryableIngestException;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.item.RecordRejectedException;
import io.scanpipeline.ingest.quarantine.QuarantineEntry;
import io.scanpipeline.ingest.quarantine.QuarantineObjects;
import io.scanpipeline.ingest.quarantine.RejectReason;
import io.scanpipeline.ingest.write.ItemWriter;
import io.scanpipeline.ingest.write.UnchangedItemFilter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Re-ingests the quarantine after a rule was fixed: each quarantined record is built again with today's rule for its
 * source key and written; a record that fails again stays, with its new reason. Each quarantine object is then
 * replaced by the lines still failing (deleted when none is left, left untouched when nothing changed), so a
 * second run changes nothing.
 *
 * <p>A line can be rebuilt when it holds the record ({@code record}, kept when under {@code QUARANTINE_RAW_MAX_BYTES})
 * and, for rules that key on enclosing fields, its {@code context} (kept since re-ingest exists; an older line
 * without it is rebuilt with no context). The item is exactly what the ingest would have written: same
 * {@code _source} (bucket, key, version, sequencer, record index). Lines are left as they are when they hold no
 * record (unreadable parts of a file, records too large to keep: re-ingest their source object by prefix instead),
 * or when a newer version of their source exists (its own ingest wrote the newer data).
 */
final class QuarantineReingest {

    private final IngestConfig config;
    private final S3Client s3;
    private final UnchangedItemFilter filter;
    private final Consumer<String> out;
    private final ItemBuilder builder = new ItemBuilder();
    private final Map<String, Optional<String>> currentVersions = new HashMap<>();

    /**
     * @param filter the DynamoDB client to write with
     * @param out    progress, one line per quarantine object
     */
    QuarantineReingest(IngestConfig config, S3Client s3, UnchangedItemFilter filter, Consumer<String> out) {
        this.config = config;
        this.s3 = s3;
        this.filter = filter;
        this.out = out;
    }

    /**
     * @param bucket       the source bucket (also the quarantine's unless {@code QUARANTINE_BUCKET} is set)
     * @param sourcePrefix only the quarantine of sources under this prefix ("" for all)
     */
    ReingestCounts run(String bucket, String sourcePrefix) throws InterruptedException {
        String quarantineBucket = config.quarantineBucket().orElse(bucket);
        String prefix = config.quarantinePrefix() + sourcePrefix;
        ReingestCounts total = ReingestCounts.NONE;
        for (S3Object object : s3.listObjectsV2Paginator(
                        r -> r.bucket(quarantineBucket).prefix(prefix))
                .contents()) {
            if (object.key().startsWith(config.statePrefix()) || !object.key().endsWith(".ndjson")) {
                continue; // the ingest's state (version ledger), not quarantine lines
            }
            String uri = "s3://" + quarantineBucket + "/" + object.key();
            long unchangedBefore = filter.unchanged();
            try {
                ReingestCounts counts = reingestObject(quarantineBucket, object.key());
                counts = new ReingestCounts(
                        counts.objects(),
                        counts.records(),
                        counts.written(),
                        filter.unchanged() - unchangedBefore,
                        counts.quarantined(),
                        counts.skipped(),
                        0);
                out.accept("quarantine " + uri + ": " + counts.describe()
                        + (counts.quarantined() + counts.skipped() == 0 ? " (removed: every record landed)" : ""));
                total = total.plus(counts);
            } catch (IOException | RetryableIngestException | SdkException e) {
                out.accept("FAILED quarantine " + uri + ": " + e.getMessage() + " (left as it was; run again)");
                total = total.plus(new ReingestCounts(0, 0, 0, 0, 0, 0, 1));
            }
        }
        return total;
    }

    private ReingestCounts reingestObject(String quarantineBucket, String key)
            throws IOException, InterruptedException {
        Path spool = Files.createTempFile("reingest-", ".ndjson");
        Map<String, ItemWriter> writers = new LinkedHashMap<>();
        try (BufferedWriter kept = Files.newBufferedWriter(spool, StandardCharsets.UTF_8)) {
            Lines lines = new Lines(kept);
            try (InputStream in = s3.getObject(r -> r.bucket(quarantineBucket).key(key));
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String text; (text = reader.readLine()) != null; ) {
                    if (!text.isBlank()) {
                        lines.read++;
                        reingestLine(text, lines, writers);
                    }
                }
            }
            long written = 0;
            long failed = 0;
            String lastError = null;
            for (ItemWriter writer : writers.values()) {
                ItemWriter.Summary summary = writer.finish();
                written += summary.written();
                failed += summary.failed();
                lastError = summary.failed() > 0 ? summary.lastError() : lastError;
            }
            if (failed > 0) {
                // the quarantine object is left as it was: the records not written are still listed in it
                throw new RetryableIngestException(
                        failed + " items not written after every retry (" + lastError + ")", null);
            }
            kept.flush();
            if (lines.kept == 0) {
                QuarantineObjects.deleteIfPresent(s3, quarantineBucket, key);
            } else if (lines.changed) {
                QuarantineObjects.replace(s3, quarantineBucket, key, spool);
            }
            return new ReingestCounts(1, lines.read, written, 0, lines.kept - lines.skipped, lines.skipped, 0);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return ReingestCounts.NONE; // removed since it was listed (another run)
            }
            throw e;
        } finally {
            for (ItemWriter writer : writers.values()) {
                writer.close();
            }
            Files.deleteIfExists(spool);
        }
    }

    /** The lines that stay, as they are written; the writers' threads add DynamoDB's refusals. */
    private static final class Lines {
        private final BufferedWriter out;
        long read;
        long kept;
        long skipped;
        boolean changed;

        Lines(BufferedWriter out) {
            this.out = out;
        }

        synchronized void keep(String text) throws IOException {
            out.write(text);
            out.write('\n');
            kept++;
        }

        synchronized void replace(QuarantineEntry entry) throws IOException {
            keep(Utf16.escapeLoneSurrogatesInJson(Json.mapper().writeValueAsString(entry.toJson())));
            changed = true;
        }
    }

    private void reingestLine(String text, Lines lines, Map<String, ItemWriter> writers)
            throws IOException, InterruptedException {
        JsonNode line;
        try {
            line = Json.mapper().readTree(text);
        } catch (IOException e) {
            lines.keep(text); // not ours to judge: kept as it is
            lines.skipped++;
            return;
        }
        JsonNode record = line.get("record");
        long index = line.path("recordIndex").asLong(-1);
        Optional<SourceObject> source = sourceOf(line.path("source"));
        if (record == null || index < 0 || source.isEmpty() || isSuperseded(source.get())) {
            lines.keep(text);
            lines.skipped++;
            return;
        }
        SourceObject object = source.get();
        JsonNode context =
                line.hasNonNull("context") ? line.get("context") : Json.mapper().createObjectNode();
        IngestRule rule = config.ruleFor(object.key());
        try {
            ItemBuilder.BuiltItem item = builder.build(rule, record, context, object, index);
            writers.computeIfAbsent(
                            rule.target().table() + "\n" + object.uri(),
                            k -> newWriter(rule.target().table(), object, lines))
                    .add(item);
            lines.changed = true; // the line goes once the item is written (a failed write keeps the old object)
        } catch (RecordRejectedException e) {
            String message = object.uri() + " record " + index + ": " + e.getMessage();
            if (e.reason().name().equals(line.path("reason").asText())
                    && e.field().equals(line.path("field").asText())
                    && message.equals(line.path("message").asText())) {
                lines.keep(text); // the same failure: the line stays exactly as it was
            } else {
                lines.replace(new QuarantineEntry(
                        object,
                        index,
                        line.path("byteOffset").asLong(-1),
                        line.path("line").asLong(-1),
                        e.reason(),
                        e.field(),
                        message,
                        record,
                        null,
                        line.get("context")));
            }
        }
    }

    private ItemWriter newWriter(String table, SourceObject object, Lines lines) {
        Backoff backoff = new Backoff(config.backoffBase(), config.backoffMax(), config.writeMaxAttempts());
        return new ItemWriter(filter.client(), table, config.writeConcurrency(), backoff, (item, message) -> {
            try {
                lines.replace(new QuarantineEntry(
                        object,
                        item.recordIndex(),
                        -1,
                        -1,
                        RejectReason.REJECTED_BY_DYNAMODB,
                        "",
                        object.uri() + " record " + item.recordIndex() + ": DynamoDB rejected the item: " + message,
                        null,
                        null));
            } catch (IOException e) {
                throw new RetryableIngestException(
                        "cannot keep the quarantine line of record " + item.recordIndex(), e);
            }
        });
    }

    private static Optional<SourceObject> sourceOf(JsonNode source) {
        String bucket = source.path("bucket").asText("");
        String key = source.path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SourceObject(
                bucket,
                key,
                Optional.ofNullable(source.path("versionId").textValue()),
                Optional.ofNullable(source.path("sequencer").textValue()),
                -1));
    }

    /** Whether another version of the source is now current (its own ingest wrote the newer data). */
    private boolean isSuperseded(SourceObject source) {
        if (source.versionId().isEmpty()) {
            return false;
        }
        Optional<String> current = currentVersions.computeIfAbsent(source.bucket() + "/" + source.key(), k -> {
            try {
                return Optional.ofNullable(
                        s3.headObject(r -> r.bucket(source.bucket()).key(source.key()))
                                .versionId());
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty(); // deleted since: its records land as the ingest would have landed them
                }
                throw e;
            }
        });
        return current.isPresent() && !current.equals(source.versionId());
    }
}
