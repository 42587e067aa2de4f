package io.scanpipeline.local.emulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KCL sink's environment for a run on the local emulators: their endpoints, the lease table created up front
 * (dynalite cannot add KCL's index later) and lease timers of seconds instead of minutes, GetRecords of 1,000
 * records, a free health port, and the HEC receiver. Everything else keeps the sink's defaults; callers add what
 * their run tunes.
 *
 * <p>1,000 records per GetRecords, not the default 10,000: kinesis-mock spends about 1 ms of CPU per record it
 * returns (more as the stream fills), so a 10,000-record call can outlast KCL's request timeout and be retried over
 * and over (measured: 107 events/s against 850 records/s for plain GetRecords on a 20,000-record stream). Real
 * Kinesis answers such a call in well under a second.
 */
public final class LocalSinkEnv {

    /**
     * The routes per table the local pipeline ships with, the same as template.yaml's {@code HecRoutes} default:
     * employee records get their own sourcetype, so the Splunk app never tags them as vulnerabilities.
     */
    public static final String HEC_ROUTES = "{\"Employees\": {\"sourcetype\": \"scan:employee\"}, "
            + "\"Findings\": {\"sourcetype\": \"scan:finding\"}}";

    private LocalSinkEnv() {}

    /**
     * @param stream           the Kinesis stream read
     * @param application      the KCL application (names the lease table)
     * @param deadLetterBucket where dead letters go
     * @param hec              the HEC receiver's base URL
     * @param token            its token
     * @param ack              whether the token has indexer acknowledgement on
     */
    public static Map<String, String> of(
            LocalAws aws,
            String stream,
            String application,
            String deadLetterBucket,
            URI hec,
            String token,
            boolean ack) {
        Map<String, String> env = new LinkedHashMap<>(aws.env());
        env.put("STREAM_NAME", stream);
        env.put("APPLICATION_NAME", application);
        env.put("DEAD_LETTER_BUCKET", deadLetterBucket);
        env.put("LEASE_TABLE_PRECREATE", "true");
        env.put("FAILOVER_TIME", "PT6S");
        env.put("LEADER_LEASE_DURATION", "PT6S");
        env.put("WORKER_METRICS_INTERVAL", "PT2S");
        // outside ECS/EC2 KCL reads no CPU load, so utilization-aware balancing leaves a new worker idle
        env.put("LEASE_ASSIGNMENT_STRATEGY", "LEASE_COUNT_BASED");
        env.put("SHARD_SYNC_INTERVAL", "PT5S");
        env.put("POLLING_MAX_RECORDS", "1000");
        env.put("HEALTH_PORT", "0");
        // health events sooner than the production minute, so a local dashboard shows them within seconds
        env.put("HEALTH_EVENT_INTERVAL", "10s");
        env.put("HEC_URLS", hec.toString());
        env.put("HEC_TOKEN", token);
        env.put("HEC_ACK", Boolean.toString(ack));
        env.put("HEC_ROUTES", HEC_ROUTES);
        return env;
    }
}
