package io.scanpipeline.sink.hec;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One HEC base URL with its channels and its health as last seen.
 *
 * <p>A channel on which Splunk handed out an ackId twice (an indexer restarted, or a load balancer without
 * stickiness spread one channel over several indexers) is retired: its slot gets a fresh GUID, so new ackIds cannot
 * be confused with those of the old one. From then on the endpoint also gives every request a channel of its own
 * ({@link #perRequestChannels()}): with one request per channel an ackId is never ambiguous, whichever indexer the
 * poll reaches (one that never saw the channel answers false), at the cost of more channels on the Splunk side.
 */
final class HecEndpoint {

    private final URI base;
    private final AtomicReferenceArray<HecChannel> channels;
    private final AtomicInteger nextChannel = new AtomicInteger();
    private volatile boolean healthy = true;
    private volatile boolean perRequestChannels;

    HecEndpoint(URI base, int channelCount) {
        this.base = base;
        this.channels = new AtomicReferenceArray<>(channelCount);
        for (int i = 0; i < channelCount; i++) {
            channels.set(i, fresh());
        }
    }

    URI base() {
        return base;
    }

    /** The next channel, round robin; a new one per call once ackIds were seen reused here. */
    HecChannel nextChannel() {
        if (perRequestChannels) {
            return fresh();
        }
        return channels.get(Math.floorMod(nextChannel.getAndIncrement(), channels.length()));
    }

    /** Replaces {@code channel} by a fresh one and switches this endpoint to one channel per request. */
    void retire(HecChannel channel) {
        perRequestChannels = true;
        for (int i = 0; i < channels.length(); i++) {
            channels.compareAndSet(i, channel, fresh());
        }
    }

    /** Whether every request gets a channel of its own (after an ackId reuse). */
    boolean perRequestChannels() {
        return perRequestChannels;
    }

    boolean healthy() {
        return healthy;
    }

    /** Sets health; true when it changed. */
    boolean healthy(boolean value) {
        boolean changed = healthy != value;
        healthy = value;
        return changed;
    }

    private HecChannel fresh() {
        return new HecChannel(this, UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
