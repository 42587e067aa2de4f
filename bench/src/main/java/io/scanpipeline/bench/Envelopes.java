package io.scanpipeline.bench;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.SourceObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the sink reads from Kinesis: one INSERT change envelope per item of a generated scan file. */
final class Envelopes {

    private Envelopes() {}

    /** {@code count} envelopes of table {@code Findings}, items as the ingest builds them, distinct keys. */
    static List<ChangeEnvelope> generate(BenchContext ctx, int count) throws IOException {
        Path file = ctx.workDir().resolve("envelopes-source.json");
        ScanFile.write(file, count);
        SourceObject source =
                new SourceObject("bench-ingest", "trivy/sink.json", Optional.of("v1"), Optional.empty(), -1);
        IngestConfig config = IngestConfig.fromEnv(ScanFile.ingestEnv("Findings", 1));
        List<Map<String, AttributeValue>> items = PrebuiltItems.build(file, config.ruleFor(source.key()), source);
        Files.delete(file);
        List<ChangeEnvelope> envelopes = new ArrayList<>(items.size());
        long sequence = 100_000_000_000_000_000L;
        for (Map<String, AttributeValue> item : items) {
            envelopes.add(ChangeEnvelope.of(
                    ChangeEnvelope.EventName.INSERT,
                    "Findings",
                    Map.of(ScanFile.PARTITION_KEY, item.get(ScanFile.PARTITION_KEY)),
                    item,
                    null,
                    Long.toString(sequence++),
                    Instant.parse("2025-06-01T08:00:00Z")));
        }
        return envelopes;
    }
}
