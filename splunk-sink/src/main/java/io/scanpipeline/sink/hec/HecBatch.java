package io.scanpipeline.sink.hec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable batch of events for one {@link HecClient#send} call. Each event is encoded once, when added, so that
 * retries and splits resend exactly the same bytes. Build with {@link HecClient#newBatch(String)} or
 * {@link #builder(String, HecConfig)}, which close a batch at {@code HEC_BATCH_MAX_EVENTS} or
 * {@code HEC_BATCH_MAX_BYTES}.
 */
public final class HecBatch {

    private final String id;
    private final HecConfig.EndpointKind kind;
    private final List<HecEvent> events;
    private final List<byte[]> encoded;
    private final long bytes;

    private HecBatch(String id, HecConfig.EndpointKind kind, List<HecEvent> events, List<byte[]> encoded, long bytes) {
        this.id = id;
        this.kind = kind;
        this.events = Collections.unmodifiableList(events);
        this.encoded = Collections.unmodifiableList(encoded);
        this.bytes = bytes;
    }

    /** A builder for a batch called {@code id} (for logs and the caller's bookkeeping), sized by {@code config}. */
    public static Builder builder(String id, HecConfig config) {
        return new Builder(id, config);
    }

    /** The caller's name for this batch, e.g. a shard and sequence-number range. */
    public String id() {
        return id;
    }

    /** The events, in order; indexes in {@link HecDeadLetter#index()} refer to this list. */
    public List<HecEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    /** Uncompressed size of the encoded events. */
    public long bytes() {
        return bytes;
    }

    HecConfig.EndpointKind kind() {
        return kind;
    }

    byte[] encoded(int index) {
        return encoded.get(index);
    }

    @Override
    public String toString() {
        return "HecBatch[id=" + id + ", events=" + events.size() + ", bytes=" + bytes + "]";
    }

    /** Collects events until the configured event-count or byte limit. */
    public static final class Builder {
        private final String id;
        private final HecConfig config;
        private final List<HecEvent> events = new ArrayList<>();
        private final List<byte[]> encoded = new ArrayList<>();
        private long bytes;

        private Builder(String id, HecConfig config) {
            this.id = Objects.requireNonNull(id, "id");
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Adds {@code event} if it fits. The first event always fits, however large, so that every event can be
         * sent.
         *
         * @return false when the batch is full: build it and add the event to a new one
         */
        public boolean add(HecEvent event) {
            return addEncoded(event, HecEncoder.encode(event, config));
        }

        /**
         * Adds {@code event} with bytes encoded elsewhere. The seam through which tests send what our encoder never
         * writes (malformed JSON, to get Splunk's code 6); {@code bytesOfEvent} must represent {@code event}.
         */
        boolean addEncoded(HecEvent event, byte[] bytesOfEvent) {
            boolean full =
                    events.size() >= config.batchMaxEvents() || bytes + bytesOfEvent.length > config.batchMaxBytes();
            if (!events.isEmpty() && full) {
                return false;
            }
            events.add(event);
            encoded.add(bytesOfEvent);
            bytes += bytesOfEvent.length;
            return true;
        }

        public boolean isEmpty() {
            return events.isEmpty();
        }

        public int size() {
            return events.size();
        }

        public HecBatch build() {
            return new HecBatch(id, config.endpoint(), new ArrayList<>(events), new ArrayList<>(encoded), bytes);
        }
    }
}
