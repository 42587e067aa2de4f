package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.index.EventIndex;
import io.scanpipeline.splunk.search.index.HecDefaults;
import io.scanpipeline.splunk.search.index.IndexedEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The search stand-in's index of what the local HEC receiver accepted, kept up to date from its append-only
 * {@code hec-events.ndjson}: {@link #refresh()} reads only the bytes added since the last call, and only complete
 * lines (a line the receiver is still writing waits for the next refresh). A file that shrank was started again:
 * the index is rebuilt from the beginning. A malformed line fails every refresh naming file and line, so a panel
 * shows the problem instead of counting without it.
 */
public final class ReceiverIndex {
    private final Path file;
    private final SplunkApp app;
    private final HecDefaults defaults;
    private EventIndex index = new EventIndex();
    private long offset;
    private long lines;

    public ReceiverIndex(Path file, SplunkApp app, HecDefaults defaults) {
        this.file = file;
        this.app = app;
        this.defaults = defaults;
    }

    /** Adds the events appended since the last refresh and returns the index (the same object until a rebuild). */
    public synchronized EventIndex refresh() {
        if (!Files.exists(file)) {
            return index; // the receiver has accepted nothing yet
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < offset) {
                index = new EventIndex();
                offset = 0;
                lines = 0;
            }
            if (length == offset) {
                return index;
            }
            long base = offset;
            byte[] added = new byte[Math.toIntExact(length - base)];
            in.seek(base);
            in.readFully(added);
            int start = 0;
            for (int i = 0; i < added.length; i++) {
                if (added[i] != '\n') {
                    continue;
                }
                String line = new String(added, start, i - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    index.add(parse(line, lines + 1));
                }
                // past this line only once it is in the index: a failing line is read (and reported) again
                lines++;
                start = i + 1;
                offset = base + start;
            }
        } catch (IOException e) {
            throw new SplException.BadArgument("cannot read " + file + ": " + e.getMessage());
        }
        return index;
    }

    private IndexedEvent parse(String line, long number) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            JsonNode hec = node.get("hec");
            JsonNode received = node.get("receivedAt");
            if (hec == null || received == null) {
                throw new IllegalArgumentException("missing \"hec\" or \"receivedAt\"");
            }
            return IndexedEvent.fromHec(hec, Instant.parse(received.asText()), defaults, app);
        } catch (IOException | RuntimeException e) {
            throw new SplException.BadArgument(file + " line " + number + ": " + e.getMessage());
        }
    }

    /** Events indexed so far. */
    public synchronized int size() {
        return index.size();
    }
}
