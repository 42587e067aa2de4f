package io.scanpipeline.local.emulator.hec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link HecReceiver}. Build with {@link #builder()}; every setting has a default that makes a plain
 * receiver on a free port accepting no token at all (add one with {@link Builder#token(String, boolean)}).
 *
 * @param port               TCP port on 127.0.0.1; 0 (the default) picks a free one
 * @param tokens             known tokens and their state
 * @param allowedIndexes     indexes an event may name; empty (the default) allows any index
 * @param queryStringAuth    whether {@code ?token=} is accepted (Splunk's default: no, code 16)
 * @param ackDelay           how long after acceptance an ackId becomes true (default 0)
 * @param outputFile         NDJSON file receiving one line per stored event, or {@code null} for none
 * @param keepEventsInMemory whether {@link HecReceiver#events()} keeps the events (turn off for long standalone runs)
 * @param healthy            initial health; an unhealthy receiver answers 503 on the health and data endpoints
 * @param faults             initial fault injection
 * @param tls                key store to serve HTTPS with, or {@code null} for plain HTTP
 * @param maxContentLength   largest request body accepted, in bytes as received (0, the default: no limit); a larger
 *                           one is answered HTTP 413, as Splunk Cloud does above about 1 MB
 */
public record HecReceiverConfig(
        int port,
        Map<String, TokenState> tokens,
        Set<String> allowedIndexes,
        boolean queryStringAuth,
        Duration ackDelay,
        Path outputFile,
        boolean keepEventsInMemory,
        boolean healthy,
        HecFaults faults,
        TlsIdentity tls,
        int maxContentLength) {

    /** What the receiver does with a request bearing a given token. */
    public enum TokenState {
        /** Accepted, no indexer acknowledgement. */
        ENABLED,
        /** Accepted; every accepted request gets an ackId and needs a channel. */
        ENABLED_WITH_ACK,
        /** Known but disabled: 403 code 1. */
        DISABLED
    }

    /**
     * A PKCS#12 key store holding the server's key and certificate.
     *
     * @param keyStore path of the PKCS#12 file
     * @param password store and key password
     */
    public record TlsIdentity(Path keyStore, String password) {
        public TlsIdentity {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "TlsIdentity[keyStore=" + keyStore + "]";
        }
    }

    public HecReceiverConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        allowedIndexes = Set.copyOf(allowedIndexes);
        Objects.requireNonNull(ackDelay, "ackDelay");
        Objects.requireNonNull(faults, "faults");
        if (maxContentLength < 0) {
            throw new IllegalArgumentException("maxContentLength must not be negative, was " + maxContentLength);
        }
    }

    /** A builder with the defaults described on the record. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        // tokens are secrets even in an emulator: show only how many there are
        return "HecReceiverConfig[port=" + port + ", tokens=" + tokens.size() + ", allowedIndexes=" + allowedIndexes
                + ", queryStringAuth=" + queryStringAuth + ", ackDelay=" + ackDelay + ", outputFile=" + outputFile
                + ", healthy=" + healthy + ", faults=" + faults + ", tls=" + tls + ", maxContentLength="
                + maxContentLength
                + "]";
    }

    /** Mutable builder of {@link HecReceiverConfig}. */
    public static final class Builder {
        private int port;
        private final Map<String, TokenState> tokens = new LinkedHashMap<>();
        private Set<String> allowedIndexes = Set.of();
        private boolean queryStringAuth;
        private Duration ackDelay = Duration.ZERO;
        private Path outputFile;
        private boolean keepEventsInMemory = true;
        private boolean healthy = true;
        private HecFaults faults = HecFaults.none();
        private TlsIdentity tls;
        private int maxContentLength;

        private Builder() {}

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Adds an enabled token, with indexer acknowledgement on or off. */
        public Builder token(String token, boolean ack) {
            tokens.put(Objects.requireNonNull(token, "token"), ack ? TokenState.ENABLED_WITH_ACK : TokenState.ENABLED);
            return this;
        }

        /** Adds a known but disabled token (403 code 1). */
        public Builder disabledToken(String token) {
            tokens.put(Objects.requireNonNull(token, "token"), TokenState.DISABLED);
            return this;
        }

        public Builder allowedIndexes(Set<String> value) {
            this.allowedIndexes = Set.copyOf(value);
            return this;
        }

        public Builder queryStringAuth(boolean value) {
            this.queryStringAuth = value;
            return this;
        }

        public Builder ackDelay(Duration value) {
            this.ackDelay = value;
            return this;
        }

        public Builder outputFile(Path value) {
            this.outputFile = value;
            return this;
        }

        public Builder keepEventsInMemory(boolean value) {
            this.keepEventsInMemory = value;
            return this;
        }

        public Builder healthy(boolean value) {
            this.healthy = value;
            return this;
        }

        public Builder faults(HecFaults value) {
            this.faults = value;
            return this;
        }

        public Builder tls(TlsIdentity value) {
            this.tls = value;
            return this;
        }

        public Builder maxContentLength(int value) {
            this.maxContentLength = value;
            return this;
        }

        public HecReceiverConfig build() {
            return new HecReceiverConfig(
                    port,
                    tokens,
                    allowedIndexes,
                    queryStringAuth,
                    ackDelay,
                    outputFile,
                    keepEventsInMemory,
                    healthy,
                    faults,
                    tls,
                    maxContentLength);
        }
    }
}
