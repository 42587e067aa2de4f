package io.scanpipeline.splunk.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Indexed events, kept in time order (ties in arrival order). Thread-safe. */
public final class EventIndex {
    private static final ObjectMapper JSON = new ObjectMapper()
            // numbers keep their text (1.50 stays 1.50 in _raw), as Splunk keeps the bytes it received
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private final List<IndexedEvent> events = new ArrayList<>();

    public synchronized void add(IndexedEvent event) {
        int i = events.size();
        while (i > 0 && events.get(i - 1).time().compareTo(event.time()) > 0) {
            i--;
        }
        events.add(i, event);
    }

    /** A snapshot, oldest first. */
    public synchronized List<IndexedEvent> events() {
        return List.copyOf(events);
    }

    public synchronized int size() {
        return events.size();
    }

    /**
     * Reads the local HEC receiver's NDJSON file (one line per accepted event: {@code receivedAt}, {@code path},
     * {@code hec}); {@code receivedAt} becomes {@code _indextime}. A malformed line fails naming file and line.
     */
    public static EventIndex fromReceiverFile(Path ndjson, HecDefaults defaults, SplunkApp app) {
        EventIndex index = new EventIndex();
        try (BufferedReader in = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    JsonNode hec = node.get("hec");
                    JsonNode received = node.get("receivedAt");
                    if (hec == null || received == null) {
                        throw new SplException.BadArgument("missing \"hec\" or \"receivedAt\"");
                    }
                    index.add(IndexedEvent.fromHec(hec, Instant.parse(received.asText()), defaults, app));
                } catch (IOException | RuntimeException e) {
                    throw new SplException.BadArgument(ndjson + " line " + number + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new SplException.BadArgument("cannot read " + ndjson + ": " + e.getMessage());
        }
        return index;
    }

    static Comparator<IndexedEvent> byTime() {
        return Comparator.comparing(IndexedEvent::time);
    }
}
