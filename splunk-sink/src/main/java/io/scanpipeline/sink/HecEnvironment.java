package io.scanpipeline.sink;

import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_ACK_POLL_INTERVAL;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_ACK_TIMEOUT;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_BATCH_MAX_BYTES;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_BATCH_MAX_EVENTS;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_CHANNELS;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_HEALTH_CHECK_INTERVAL;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_IN_FLIGHT;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_IN_FLIGHT_BYTES;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_IN_FLIGHT_WITH_ACKS;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_REQUEST_TIMEOUT;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_RETRY_BASE;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_RETRY_MAX;
import static io.scanpipeline.sink.hec.HecConfig.DEFAULT_SOURCETYPE;

import io.scanpipeline.core.EnvReader;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.hec.HecToken;
import io.scanpipeline.sink.kcl.HecRoutes;
import java.util.Map;

/**
 * The sink's {@code HEC_*} variables, read here, in the sink's configuration, with the project's one reader
 * ({@link EnvReader}): into the transport's {@link HecConfig} (which validates them; its builder holds the defaults)
 * and into the routes per table ({@link HecRoutes}, {@code HEC_ROUTES}). README's sink table lists every variable.
 */
public final class HecEnvironment {

    private HecEnvironment() {}

    /** Reads and validates the {@code HEC_*} variables of {@code env} (usually {@code System.getenv()}). */
    public static HecConfig fromEnv(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        String token = read.secret("HEC_TOKEN");
        boolean ack = read.bool("HEC_ACK", false);
        String retryDuration = read.string("HEC_RETRY_DURATION", "1h");
        return HecConfig.builder()
                .urls(HecConfig.parseUrls(read.string("HEC_URLS", null)))
                // inner whitespace in the token is still refused, by HecToken, without showing it
                .token(token == null ? null : HecToken.of("HEC_TOKEN", token))
                .tokenSecretArn(read.string("HEC_TOKEN_SECRET_ARN", null))
                .tokenSecretKey(read.string("HEC_TOKEN_SECRET_KEY", null))
                .ack(ack)
                .ackTimeout(read.duration("HEC_ACK_TIMEOUT", DEFAULT_ACK_TIMEOUT))
                .ackPollInterval(read.duration("HEC_ACK_POLL_INTERVAL", DEFAULT_ACK_POLL_INTERVAL))
                .sourcetype(read.string("HEC_SOURCETYPE", DEFAULT_SOURCETYPE))
                .index(read.string("HEC_INDEX", null))
                .source(read.string("HEC_SOURCE", null))
                .host(read.string("HEC_HOST", null))
                .gzip(read.bool("HEC_GZIP", true))
                .batchMaxEvents(read.integer("HEC_BATCH_MAX_EVENTS", DEFAULT_BATCH_MAX_EVENTS))
                .batchMaxBytes(read.integer("HEC_BATCH_MAX_BYTES", DEFAULT_BATCH_MAX_BYTES))
                .maxInFlightEvents(
                        read.integer("HEC_MAX_IN_FLIGHT_EVENTS", ack ? DEFAULT_IN_FLIGHT_WITH_ACKS : DEFAULT_IN_FLIGHT))
                .maxInFlightBytes(read.integer("HEC_MAX_IN_FLIGHT_BYTES", DEFAULT_IN_FLIGHT_BYTES))
                .requestTimeout(read.duration("HEC_REQUEST_TIMEOUT", DEFAULT_REQUEST_TIMEOUT))
                .retryBase(read.duration("HEC_RETRY_BASE", DEFAULT_RETRY_BASE))
                .retryMax(read.duration("HEC_RETRY_MAX", DEFAULT_RETRY_MAX))
                .retryDuration(
                        retryDuration.equalsIgnoreCase("forever")
                                ? HecConfig.RETRY_FOREVER
                                : EnvReader.parseDuration("HEC_RETRY_DURATION", retryDuration))
                .insecureTls(read.bool("HEC_INSECURE_TLS", false))
                .channels(read.integer("HEC_CHANNELS", DEFAULT_CHANNELS))
                .healthCheckInterval(read.duration("HEC_HEALTH_CHECK_INTERVAL", DEFAULT_HEALTH_CHECK_INTERVAL))
                .endpoint(HecConfig.parseEndpoint(read.string("HEC_ENDPOINT", "event")))
                .allowPlaintext(read.bool("HEC_ALLOW_PLAINTEXT", false))
                .routedIndexes(routes(env).indexes())
                .build();
    }

    /**
     * The routes per table from {@code HEC_ROUTES} (JSON, see {@link HecRoutes}); without it every table gets
     * {@code HEC_SOURCETYPE}, the sink's index and the derived source, as before routing existed.
     */
    public static HecRoutes routes(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        String sourcetype = read.string("HEC_SOURCETYPE", DEFAULT_SOURCETYPE);
        String routes = read.string("HEC_ROUTES", null);
        return routes == null ? HecRoutes.uniform(sourcetype) : HecRoutes.parse("HEC_ROUTES", routes, sourcetype);
    }
}
