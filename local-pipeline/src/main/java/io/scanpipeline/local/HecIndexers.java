package io.scanpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.local.emulator.hec.HecBalancer;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local Splunk: one HEC receiver, or several "indexers" behind a round-robin {@link HecBalancer} without
 * stickiness (ackIds are per indexer, so an ack poll may reach an indexer that never issued that ackId, as with a
 * real load balancer in front of a Splunk indexer cluster). Every indexer appends to the same events file, so the
 * file stays the one record of what Splunk indexed.
 */
final class HecIndexers implements AutoCloseable {

    private final List<HecReceiver> indexers;
    private final HecBalancer balancer;

    private HecIndexers(List<HecReceiver> indexers, HecBalancer balancer) {
        this.indexers = List.copyOf(indexers);
        this.balancer = balancer;
    }

    /**
     * @param count      how many indexers; 1 means a single receiver and no balancer
     * @param token      the HEC token (indexer acknowledgement on)
     * @param ackDelay   how long each indexer takes to report an ackId true
     * @param eventsFile the NDJSON file all of them append their accepted events to
     */
    static HecIndexers start(int count, String token, Duration ackDelay, Path eventsFile) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("hecIndexers must be at least 1, was " + count);
        }
        List<HecReceiver> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                started.add(HecReceiver.start(HecReceiverConfig.builder()
                        .port(0)
                        .token(token, true)
                        .ackDelay(ackDelay)
                        .outputFile(eventsFile)
                        .build()));
            }
            HecBalancer balancer = count == 1
                    ? null
                    : HecBalancer.start(
                            started.stream().map(HecReceiver::endpoint).toList(), false);
            return new HecIndexers(started, balancer);
        } catch (IOException | RuntimeException e) {
            for (HecReceiver receiver : started) {
                receiver.close();
            }
            throw e;
        }
    }

    /** Where the sink sends: the balancer, or the single receiver. */
    URI endpoint() {
        return balancer == null ? indexers.get(0).endpoint() : balancer.endpoint();
    }

    /** The indexers, in the balancer's order. */
    List<HecReceiver> indexers() {
        return indexers;
    }

    /** Requests the balancer sent to each indexer (a single receiver: none, there is no balancer). */
    List<Long> forwardedPerIndexer() {
        List<Long> forwarded = new ArrayList<>();
        for (int i = 0; i < indexers.size(); i++) {
            forwarded.add(balancer == null ? 0L : balancer.forwarded(i));
        }
        return forwarded;
    }

    /** Every event every indexer stored, indexer by indexer (each in its order of receipt). */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        indexers.forEach(indexer -> events.addAll(indexer.events()));
        return events;
    }

    /** Restarts every indexer: ackIds start again from 0; what was issued before is never reported true. */
    void restartAll() {
        indexers.forEach(HecReceiver::restart);
    }

    @Override
    public void close() {
        if (balancer != null) {
            balancer.close();
        }
        IOException failure = null;
        for (HecReceiver indexer : indexers) {
            try {
                indexer.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }
}
