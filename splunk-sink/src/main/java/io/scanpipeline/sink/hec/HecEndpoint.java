package io.scanpipeline.sink.hec;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One HEC base URL with its channels and its health as last seen. */
final class HecEndpoint {

    private final URI base;
    private final List<HecChannel> channels;
    private final AtomicInteger nextChannel = new AtomicInteger();
    private volatile boolean healthy = true;

    HecEndpoint(URI base, int channelCount) {
        this.base = base;
        List<HecChannel> list = new ArrayList<>();
        for (int i = 0; i < channelCount; i++) {
            list.add(new HecChannel(this, UUID.randomUUID().toString()));
        }
        this.channels = List.copyOf(list);
    }

    URI base() {
        return base;
    }

    /** The next channel, round robin. */
    HecChannel nextChannel() {
        return channels.get(Math.floorMod(nextChannel.getAndIncrement(), channels.size()));
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

    @Override
    public String toString() {
        return base.toString();
    }
}
