package io.scanpipeline.sink.hec;

import io.scanpipeline.core.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the HEC client, built with {@link #builder()} (which holds every default) and validated here, once,
 * with messages that name the variable a user sets. The {@code HEC_*} variables are read by the sink's configuration
 * ({@code io.scanpipeline.sink.HecEnvironment}), not by this transport package. The token never appears in
 * {@link #toString()} ({@link HecToken} masks itself).
 *
 * @param urls                base URLs ({@code HEC_URLS}, comma separated, e.g. {@code https://splunk:8088});
 *                            several are load balanced round robin over the healthy ones
 * @param token               {@code HEC_TOKEN}; null only while {@code tokenSecretArn} is still to be resolved
 *                            (then {@link #withToken(HecToken)})
 * @param tokenSecretArn      {@code HEC_TOKEN_SECRET_ARN}: the Secrets Manager secret holding the token when it is
 *                            not in the environment; read at start and again after HEC refuses the token, so a
 *                            rotated token is picked up without a redeploy
 * @param tokenSecretKey      {@code HEC_TOKEN_SECRET_KEY} (default: none): the field holding the token when the secret
 *                            is a JSON object; without it {@code token} or {@code HEC_TOKEN} is used
 * @param ack                 {@code HEC_ACK} (default false): use indexer acknowledgement; the token must have it on
 * @param ackTimeout          {@code HEC_ACK_TIMEOUT} (default 180 s, Firehose's minimum): an ack still false after
 *                            this is taken as lost and the events are sent again
 * @param ackPollInterval     {@code HEC_ACK_POLL_INTERVAL} (default 10 s, Splunk's advice)
 * @param sourcetype          {@code HEC_SOURCETYPE} (default {@code scan:finding}) for events that name none
 * @param index               {@code HEC_INDEX} (default: the token's default index)
 * @param source              {@code HEC_SOURCE} (default: none)
 * @param host                {@code HEC_HOST} (default: none; Splunk uses the sender's address)
 * @param gzip                {@code HEC_GZIP} (default true): gzip request bodies
 * @param batchMaxEvents      {@code HEC_BATCH_MAX_EVENTS} (default 500) events per request
 * @param batchMaxBytes       {@code HEC_BATCH_MAX_BYTES} (default 800000) uncompressed bytes per request; a single
 *                            larger event is still sent alone. The default stays under Splunk Cloud's request limit
 *                            of about 1 MB; a request answered HTTP 413 is split in halves and sent again
 * @param maxInFlightEvents   {@code HEC_MAX_IN_FLIGHT_EVENTS} (default 10000, with acks 50000): events sent but
 *                            not yet resolved before {@link HecClient#send} blocks (backpressure). With acks an
 *                            event stays in flight until a poll sees its ack, so the bound divided by the time
 *                            to that poll (up to {@code HEC_ACK_POLL_INTERVAL} after indexing) caps the rate:
 *                            10000 would allow only about 1,000-2,000 events/s at the 10 s poll, 50000 about
 *                            5,000-10,000 (Little's law); each event held costs its encoded bytes
 * @param maxInFlightBytes    {@code HEC_MAX_IN_FLIGHT_BYTES} (default 64 MiB): uncompressed bytes of the events sent
 *                            but not yet resolved; {@link HecClient#send} blocks beyond either bound, so the heap
 *                            the client holds is bounded whatever the event size. At least {@code HEC_BATCH_MAX_BYTES}
 * @param requestTimeout      {@code HEC_REQUEST_TIMEOUT} (default 30 s) per HTTP request, connect included
 * @param retryBase           {@code HEC_RETRY_BASE} (default 1 s): first backoff, doubled per failure
 * @param retryMax            {@code HEC_RETRY_MAX} (default 60 s): backoff ceiling
 * @param retryDuration       {@code HEC_RETRY_DURATION} (default 1 h; {@code forever} allowed; 0 = no retry): how
 *                            long a batch is retried before {@link HecRetryExhaustedException}. One hour because
 *                            Kinesis keeps the records for at least a day, so waiting loses nothing, while an hour
 *                            of failure deserves an alarm (Firehose allows 0 to 7200 s)
 * @param insecureTls         {@code HEC_INSECURE_TLS} (default false): trust any certificate, for a local
 *                            self-signed receiver only
 * @param channels            {@code HEC_CHANNELS} (default 2) channels (GUIDs) per endpoint
 * @param healthCheckInterval {@code HEC_HEALTH_CHECK_INTERVAL} (default 10 s) between health checks of an
 *                            endpoint marked unhealthy
 * @param endpoint            {@code HEC_ENDPOINT}: {@code event} (default) or {@code raw}
 * @param allowPlaintext      {@code HEC_ALLOW_PLAINTEXT} (default false): accept {@code http://} URLs to hosts other
 *                            than loopback; without it only {@code https://} (or {@code http://} to 127.0.0.1,
 *                            ::1, localhost) is accepted, since the token travels in every request
 * @param routedIndexes       indexes the sink's own configuration sends events to besides {@code index} (its routes
 *                            per table, {@code HEC_ROUTES}): Splunk refusing one of them (code 7) is a configuration
 *                            error like refusing {@code index} (stop, keep the events), not one bad event
 */
public record HecConfig(
        List<URI> urls,
        HecToken token,
        String tokenSecretArn,
        String tokenSecretKey,
        boolean ack,
        Duration ackTimeout,
        Duration ackPollInterval,
        String sourcetype,
        String index,
        String source,
        String host,
        boolean gzip,
        int batchMaxEvents,
        int batchMaxBytes,
        int maxInFlightEvents,
        int maxInFlightBytes,
        Duration requestTimeout,
        Duration retryBase,
        Duration retryMax,
        Duration retryDuration,
        boolean insecureTls,
        int channels,
        Duration healthCheckInterval,
        EndpointKind endpoint,
        boolean allowPlaintext,
        Set<String> routedIndexes) {

    /** Which HEC endpoint carries the events. */
    public enum EndpointKind {
        /** {@code /services/collector/event}: JSON event objects with per-event metadata. */
        EVENT,
        /** {@code /services/collector/raw}: one line per event, metadata from this configuration. */
        RAW
    }

    /** {@code HEC_RETRY_DURATION=forever}: retry without a bound. */
    public static final Duration RETRY_FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    public HecConfig {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) {
            throw new ConfigException("HEC_URLS", "is required");
        }
        if (!allowPlaintext) {
            for (URI url : urls) {
                if (url.getScheme().equalsIgnoreCase("http") && !isLoopback(url.getHost())) {
                    throw new ConfigException(
                            "HEC_URLS",
                            "has the clear-text URL " + url + ": the token would travel "
                                    + "unencrypted; use https://, or set HEC_ALLOW_PLAINTEXT=true for a trusted network");
                }
            }
        }
        if (token == null && (tokenSecretArn == null || tokenSecretArn.isBlank())) {
            throw new ConfigException("HEC_TOKEN", "is required (or set HEC_TOKEN_SECRET_ARN)");
        }
        requirePositive("HEC_ACK_TIMEOUT", ackTimeout);
        requirePositive("HEC_ACK_POLL_INTERVAL", ackPollInterval);
        if (sourcetype == null || sourcetype.isBlank()) {
            throw new ConfigException("HEC_SOURCETYPE", "must not be blank");
        }
        requireAtLeast("HEC_BATCH_MAX_EVENTS", batchMaxEvents, 1);
        requireAtLeast("HEC_BATCH_MAX_BYTES", batchMaxBytes, 1);
        if (maxInFlightEvents < batchMaxEvents) {
            throw new ConfigException(
                    "HEC_MAX_IN_FLIGHT_EVENTS",
                    "must be at least HEC_BATCH_MAX_EVENTS (" + batchMaxEvents + "), was " + maxInFlightEvents);
        }
        if (maxInFlightBytes < batchMaxBytes) {
            throw new ConfigException(
                    "HEC_MAX_IN_FLIGHT_BYTES",
                    "must be at least HEC_BATCH_MAX_BYTES (" + batchMaxBytes + "), was " + maxInFlightBytes);
        }
        requirePositive("HEC_REQUEST_TIMEOUT", requestTimeout);
        requirePositive("HEC_RETRY_BASE", retryBase);
        requirePositive("HEC_RETRY_MAX", retryMax);
        if (retryMax.compareTo(retryBase) < 0) {
            throw new ConfigException("HEC_RETRY_MAX", "must not be shorter than HEC_RETRY_BASE");
        }
        if (Objects.requireNonNull(retryDuration, "retryDuration").isNegative()) {
            throw new ConfigException("HEC_RETRY_DURATION", "must not be negative");
        }
        if (channels < 1 || channels > 64) {
            throw new ConfigException("HEC_CHANNELS", "must be between 1 and 64, was " + channels);
        }
        requirePositive("HEC_HEALTH_CHECK_INTERVAL", healthCheckInterval);
        Objects.requireNonNull(endpoint, "endpoint");
        routedIndexes = routedIndexes == null ? Set.of() : Set.copyOf(routedIndexes);
    }

    // the defaults, stated once (the builder starts from them; the sink's HecEnvironment falls back to them)
    public static final int DEFAULT_IN_FLIGHT = 10_000;
    public static final int DEFAULT_IN_FLIGHT_WITH_ACKS = 50_000;
    /** Under Splunk Cloud's HEC request limit of about 1 MB (HTTP 413 above it), with room for the envelope. */
    public static final int DEFAULT_BATCH_MAX_BYTES = 800_000;

    public static final int DEFAULT_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_BATCH_MAX_EVENTS = 500;
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration DEFAULT_ACK_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_SOURCETYPE = "scan:finding";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RETRY_DURATION = Duration.ofHours(1);
    public static final int DEFAULT_CHANNELS = 2;
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);

    /** A builder holding every default of the table above; {@code urls} and a token (or its secret) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.urls = urls;
        b.token = token;
        b.tokenSecretArn = tokenSecretArn;
        b.tokenSecretKey = tokenSecretKey;
        b.ack = ack;
        b.ackTimeout = ackTimeout;
        b.ackPollInterval = ackPollInterval;
        b.sourcetype = sourcetype;
        b.index = index;
        b.source = source;
        b.host = host;
        b.gzip = gzip;
        b.batchMaxEvents = batchMaxEvents;
        b.batchMaxBytes = batchMaxBytes;
        b.maxInFlightEvents = maxInFlightEvents;
        b.maxInFlightBytes = maxInFlightBytes;
        b.requestTimeout = requestTimeout;
        b.retryBase = retryBase;
        b.retryMax = retryMax;
        b.retryDuration = retryDuration;
        b.insecureTls = insecureTls;
        b.channels = channels;
        b.healthCheckInterval = healthCheckInterval;
        b.endpoint = endpoint;
        b.allowPlaintext = allowPlaintext;
        b.routedIndexes = routedIndexes;
        return b;
    }

    /** This configuration with the token resolved (e.g. from {@code tokenSecretArn}). */
    public HecConfig withToken(HecToken resolved) {
        return toBuilder().token(Objects.requireNonNull(resolved, "token")).build();
    }

    /** Whether {@code eventIndex} (an event's own index, or null) is one the sink's configuration chose. */
    public boolean isConfiguredIndex(String eventIndex) {
        return eventIndex == null || eventIndex.equals(index) || routedIndexes.contains(eventIndex);
    }

    /** Builds a {@link HecConfig}; every setting starts at the default documented on the record. */
    public static final class Builder {
        private List<URI> urls = List.of();
        private HecToken token;
        private String tokenSecretArn;
        private String tokenSecretKey;
        private boolean ack;
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private Duration ackPollInterval = DEFAULT_ACK_POLL_INTERVAL;
        private String sourcetype = DEFAULT_SOURCETYPE;
        private String index;
        private String source;
        private String host;
        private boolean gzip = true;
        private int batchMaxEvents = DEFAULT_BATCH_MAX_EVENTS;
        private int batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
        private Integer maxInFlightEvents;
        private int maxInFlightBytes = DEFAULT_IN_FLIGHT_BYTES;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration retryBase = DEFAULT_RETRY_BASE;
        private Duration retryMax = DEFAULT_RETRY_MAX;
        private Duration retryDuration = DEFAULT_RETRY_DURATION;
        private boolean insecureTls;
        private int channels = DEFAULT_CHANNELS;
        private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
        private EndpointKind endpoint = EndpointKind.EVENT;
        private boolean allowPlaintext;
        private Set<String> routedIndexes = Set.of();

        private Builder() {}

        public Builder urls(List<URI> value) {
            urls = value;
            return this;
        }

        public Builder token(HecToken value) {
            token = value;
            return this;
        }

        public Builder tokenSecretArn(String value) {
            tokenSecretArn = value;
            return this;
        }

        public Builder tokenSecretKey(String value) {
            tokenSecretKey = value;
            return this;
        }

        public Builder ack(boolean value) {
            ack = value;
            return this;
        }

        public Builder ackTimeout(Duration value) {
            ackTimeout = value;
            return this;
        }

        public Builder ackPollInterval(Duration value) {
            ackPollInterval = value;
            return this;
        }

        public Builder sourcetype(String value) {
            sourcetype = value;
            return this;
        }

        public Builder index(String value) {
            index = value;
            return this;
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder gzip(boolean value) {
            gzip = value;
            return this;
        }

        public Builder batchMaxEvents(int value) {
            batchMaxEvents = value;
            return this;
        }

        public Builder batchMaxBytes(int value) {
            batchMaxBytes = value;
            return this;
        }
        /** Default 10000, or 50000 with acks. */
        public Builder maxInFlightEvents(int value) {
            maxInFlightEvents = value;
            return this;
        }

        public Builder maxInFlightBytes(int value) {
            maxInFlightBytes = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder retryBase(Duration value) {
            retryBase = value;
            return this;
        }

        public Builder retryMax(Duration value) {
            retryMax = value;
            return this;
        }

        public Builder retryDuration(Duration value) {
            retryDuration = value;
            return this;
        }

        public Builder insecureTls(boolean value) {
            insecureTls = value;
            return this;
        }

        public Builder channels(int value) {
            channels = value;
            return this;
        }

        public Builder healthCheckInterval(Duration value) {
            healthCheckInterval = value;
            return this;
        }

        public Builder endpoint(EndpointKind value) {
            endpoint = value;
            return this;
        }

        public Builder allowPlaintext(boolean value) {
            allowPlaintext = value;
            return this;
        }

        public Builder routedIndexes(Set<String> value) {
            routedIndexes = value;
            return this;
        }

        /** The validated configuration; a {@link ConfigException} names the variable at fault. */
        public HecConfig build() {
            int inFlight = maxInFlightEvents != null
                    ? maxInFlightEvents
                    : ack ? DEFAULT_IN_FLIGHT_WITH_ACKS : DEFAULT_IN_FLIGHT;
            return new HecConfig(
                    urls,
                    token,
                    tokenSecretArn,
                    tokenSecretKey,
                    ack,
                    ackTimeout,
                    ackPollInterval,
                    sourcetype,
                    index,
                    source,
                    host,
                    gzip,
                    batchMaxEvents,
                    batchMaxBytes,
                    inFlight,
                    maxInFlightBytes,
                    requestTimeout,
                    retryBase,
                    retryMax,
                    retryDuration,
                    insecureTls,
                    channels,
                    healthCheckInterval,
                    endpoint,
                    allowPlaintext,
                    routedIndexes);
        }
    }

    /** Whether {@code host} is the loopback interface, where clear text never leaves the machine. */
    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost")
                || name.equals("::1")
                || name.equals("0:0:0:0:0:0:0:1")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Parses {@code HEC_URLS}: comma-separated base URLs; errors name HEC_URLS (never user info). */
    public static List<URI> parseUrls(String value) {
        if (value == null) {
            throw new ConfigException("HEC_URLS", "is required (comma-separated base URLs like https://splunk:8088)");
        }
        List<URI> urls = new ArrayList<>();
        for (String part : value.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            } catch (URISyntaxException e) {
                throw new ConfigException("HEC_URLS", "has an invalid URL: '" + shown(text) + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException("HEC_URLS", "needs http(s) URLs with a host, was '" + shown(text) + "'");
            }
            // a user-info part could carry a password, a path would be overridden by the HEC paths
            if (uri.getRawUserInfo() != null
                    || !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new ConfigException(
                        "HEC_URLS", "must hold base URLs only (scheme, host, port), e.g. " + "https://splunk:8088");
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new ConfigException("HEC_URLS", "is required (comma-separated base URLs like https://splunk:8088)");
        }
        return urls;
    }

    /** The URL for an error message, unless it may hold credentials ({@code user:password@}). */
    private static String shown(String url) {
        return url.contains("@") ? "(URL with user info, not shown)" : url;
    }

    /** Parses {@code HEC_ENDPOINT}: {@code event} or {@code raw}. */
    public static EndpointKind parseEndpoint(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "event" -> EndpointKind.EVENT;
            case "raw" -> EndpointKind.RAW;
            default -> throw new ConfigException("HEC_ENDPOINT", "must be event or raw, was '" + value + "'");
        };
    }

    private static void requirePositive(String variable, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(variable, "must be a positive duration, was " + value);
        }
    }

    private static void requireAtLeast(String variable, int value, int minimum) {
        if (value < minimum) {
            throw new ConfigException(variable, "must be at least " + minimum + ", was " + value);
        }
    }
}
