package io.scanpipeline.bench;

import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.item.ItemBuilder;
import io.scanpipeline.ingest.read.MalformedInput;
import io.scanpipeline.ingest.read.RecordReader;
import io.scanpipeline.ingest.read.RecordVisitor;
import io.scanpipeline.ingest.read.SourceRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a scan file with the ingest code itself ({@link RecordReader} and {@link ItemBuilder}), so that the
 * baselines write exactly the items {@code IngestService} writes. Also the parse ceiling (figure 3): the same
 * loop with the items counted instead of kept.
 */
final class PrebuiltItems {

    private PrebuiltItems() {}

    /** Every item of {@code file}, in file order, as {@code IngestService} would build it for {@code source}. */
    static List<Map<String, AttributeValue>> build(Path file, IngestRule rule, SourceObject source) throws IOException {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        read(file, rule, source, items);
        return items;
    }

    /** Reads and builds every item of {@code file} without keeping them; returns how many were built. */
    static long count(Path file, IngestRule rule, SourceObject source) throws IOException {
        return read(file, rule, source, null);
    }

    private static long read(Path file, IngestRule rule, SourceObject source, List<Map<String, AttributeValue>> out)
            throws IOException {
        ItemBuilder builder = new ItemBuilder();
        long[] built = {0};
        RecordVisitor visitor = new RecordVisitor() {
            @Override
            public void record(SourceRecord record) {
                var item = builder.build(rule, record.value(), record.context(), source, record.index());
                if (out != null) {
                    out.add(item.item());
                }
                built[0]++;
            }

            @Override
            public void malformed(MalformedInput problem) {
                throw new IllegalStateException("the generated file is malformed: " + problem);
            }
        };
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            new RecordReader(rule.recordPaths(), rule.format()).read(in, visitor);
        }
        return built[0];
    }
}
