package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When the change events of given S3 objects reached the HEC receiver (the local Splunk), read from its receipts:
 * each receipt carries the receiver's {@code receivedAt} and the event as the sink sent it, whose envelope names the
 * object in {@code newImage._source.key}. An event delivered twice (the sink is at-least-once) counts once, at its
 * first receipt.
 */
final class HecArrivals {

    /**
     * One object's events at the receiver.
     *
     * @param first  receipt of its first event
     * @param last   receipt of its last event: from then on all of its items are in Splunk
     * @param events distinct events (by {@code eventId})
     */
    record Arrival(Instant first, Instant last, int events) {}

    private static final Duration POLL = Duration.ofMillis(500);

    private final HecReceiver receiver;

    HecArrivals(HecReceiver receiver) {
        this.receiver = receiver;
    }

    /**
     * Waits until every object has at least {@code eventsPerObject} events at the receiver.
     *
     * @throws IllegalStateException after {@code timeout}, naming the objects that are incomplete
     */
    Map<String, Arrival> await(Collection<String> keys, int eventsPerObject, Duration timeout)
            throws InterruptedException {
        Set<String> wanted = Set.copyOf(keys);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Map<String, Instant>> events = eventsByKey(wanted);
            List<String> missing = wanted.stream()
                    .filter(key -> events.getOrDefault(key, Map.of()).size() < eventsPerObject)
                    .sorted()
                    .toList();
            if (missing.isEmpty()) {
                Map<String, Arrival> arrivals = new LinkedHashMap<>();
                events.forEach((key, times) -> arrivals.put(
                        key,
                        new Arrival(
                                times.values().stream().min(Instant::compareTo).orElseThrow(),
                                times.values().stream().max(Instant::compareTo).orElseThrow(),
                                times.size())));
                return arrivals;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing.size() + " of " + wanted.size() + " objects did not reach "
                        + "HEC with " + eventsPerObject + " events within " + timeout.toSeconds() + " s: "
                        + missing.stream()
                                .limit(20)
                                .map(key -> key + " ("
                                        + events.getOrDefault(key, Map.of()).size() + " events)")
                                .collect(Collectors.joining(", "))
                        + (missing.size() > 20 ? " and " + (missing.size() - 20) + " more" : ""));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Forgets what the receiver holds (between phases: each poll copies every receipt). */
    void clear() {
        receiver.clear();
    }

    /** Per wanted object key: per eventId, its first {@code receivedAt}. */
    private Map<String, Map<String, Instant>> eventsByKey(Set<String> wanted) {
        Map<String, Map<String, Instant>> byKey = new HashMap<>();
        for (JsonNode receipt : receiver.receipts()) {
            JsonNode envelope = receipt.path("hec").path("event");
            String key = envelope.path("newImage")
                    .path(ChangeEnvelope.SOURCE_ATTRIBUTE)
                    .path("key")
                    .asText();
            if (wanted.contains(key)) {
                Instant at = Instant.parse(receipt.path("receivedAt").asText());
                byKey.computeIfAbsent(key, k -> new HashMap<>())
                        .merge(envelope.path("eventId").asText(), at, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return byKey;
    }
}
