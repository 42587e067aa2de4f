package io.scanpipeline.local;

import io.scanpipeline.local.emulator.LocalAws;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KCL sink's environment for a run on the local emulators: their endpoints, the lease table created up front
 * (dynalite cannot add KCL's index later) and lease timers of seconds instead of minutes, a free health port, and
 * the HEC receiver. Everything else keeps the sink's defaults; callers add what their run tunes.
 */
public final class LocalSinkEnv {

    private LocalSinkEnv() {
    }

    /**
     * @param stream           the Kinesis stream read
     * @param application      the KCL application (names the lease table)
     * @param deadLetterBucket where dead letters go
     * @param hec              the HEC receiver's base URL
     * @param token            its token
     * @param ack              whether the token has indexer acknowledgement on
     */
    public static Map<String, String> of(LocalAws aws, String stream, String application, String deadLetterBucket,
                                         URI hec, String token, boolean ack) {
        Map<String, String> env = new LinkedHashMap<>(aws.env());
        env.put("STREAM_NAME", stream);
        env.put("APPLICATION_NAME", application);
        env.put("DEAD_LETTER_BUCKET", deadLetterBucket);
        env.put("LEASE_TABLE_PRECREATE", "true");
        env.put("FAILOVER_TIME", "PT6S");
        env.put("LEADER_LEASE_DURATION", "PT6S");
        env.put("WORKER_METRICS_INTERVAL", "PT2S");
        env.put("SHARD_SYNC_INTERVAL", "PT5S");
        env.put("HEALTH_PORT", "0");
        env.put("HEC_URLS", hec.toString());
        env.put("HEC_TOKEN", token);
        env.put("HEC_ACK", Boolean.toString(ack));
        return env;
    }
}
