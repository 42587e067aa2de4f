package io.scanpipeline.local.emulator.kinesis;

import io.scanpipeline.local.emulator.common.EmulatorJson;
import io.scanpipeline.local.emulator.common.NodePackages;
import io.scanpipeline.local.emulator.common.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Kinesis Data Streams on 127.0.0.1, served by kinesis-mock (npm package {@code kinesis-local}) as a Node.js child
 * process, without an AWS account or Docker. kinesis-mock itself binds 0.0.0.0 (no setting), so it is started with a
 * preload ({@code loopback-only.cjs}) that makes its servers listen on 127.0.0.1 only.
 *
 * <p>{@link #endpoint()} is plain HTTP. Stream state changes (CREATING to ACTIVE and the like) take 10 ms instead
 * of kinesis-mock's default half second; note that the SDK's default {@code waitUntilStreamExists} still sleeps
 * 10 s whenever its first poll sees CREATING, so tests are faster with a waiter that polls more often.
 *
 * <p>The SDK v2 {@code KinesisClient} works against it with {@code endpointOverride(endpoint())}, any region and
 * static credentials. kinesis-mock speaks both CBOR (the SDK's default) and JSON, so {@code aws.cborEnabled} can be
 * left alone. {@code KinesisAsyncClient.subscribeToShard} works with the Netty client set to
 * {@code Protocol.HTTP2} against this plain endpoint (HTTP/2 with prior knowledge).
 */
public final class LocalKinesis implements AutoCloseable {

    // Every kinesis-mock setting named *_DURATION: how long a stream stays in a transitional state.
    private static final List<String> STATE_DURATIONS = List.of(
            "CREATE_STREAM_DURATION",
            "DELETE_STREAM_DURATION",
            "REGISTER_STREAM_CONSUMER_DURATION",
            "DEREGISTER_STREAM_CONSUMER_DURATION",
            "MERGE_SHARDS_DURATION",
            "SPLIT_SHARD_DURATION",
            "START_STREAM_ENCRYPTION_DURATION",
            "STOP_STREAM_ENCRYPTION_DURATION",
            "UPDATE_SHARD_COUNT_DURATION",
            "UPDATE_STREAM_MODE_DURATION");
    private static final String PERSIST_FILE = "kinesis-data.json";
    private static final long PERSIST_INTERVAL_MS = 500;

    private final NodeProcess process;
    private final int port;
    private final String region;
    private final Path persistFile;

    private LocalKinesis(NodeProcess process, int port, String region, Path persistFile) {
        this.process = process;
        this.port = port;
        this.region = region;
        this.persistFile = persistFile;
    }

    /** Starts an in-memory instance with default settings. */
    public static LocalKinesis start() {
        return builder().start();
    }

    /** A builder for non-default settings (persistence, region). */
    public static Builder builder() {
        return new Builder();
    }

    /** The plain HTTP endpoint of the Kinesis API. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The region kinesis-mock uses in stream ARNs. */
    public String region() {
        return region;
    }

    /**
     * kinesis-mock's own output (stdout and stderr), for troubleshooting; deleted on {@link #close()} unless the
     * system property {@code scanpipeline.emulator.keepLogs} is {@code true}.
     */
    public Path logFile() {
        return process.logFile();
    }

    /**
     * Stops kinesis-mock. With a persistence directory, close first waits for kinesis-mock's periodic save
     * (every 500 ms) to have written everything done before close, which takes up to a second.
     */
    @Override
    public void close() {
        if (persistFile == null) {
            // In memory there is nothing to save, and a SIGTERM would wait for idle keep-alive connections.
            process.killWhen(() -> true, Duration.ZERO);
            return;
        }
        // On SIGTERM kinesis-mock waits for idle keep-alive connections (the SDK's pooled ones) for about 10 s before
        // it saves and exits. Its periodic saves come sooner; once one has run entirely after this call, there is
        // nothing left to lose and it can be killed.
        process.killWhen(new SavedSince(persistFile, System.currentTimeMillis()), Duration.ofSeconds(10));
    }

    /**
     * Whether a save started after a given time has completed. A save that was under way at that time may hold an
     * older snapshot, so it takes the second complete rewrite seen after that time.
     */
    private static final class SavedSince implements BooleanSupplier {
        private final Path file;
        private long lastModified;
        private int completeRewrites;

        SavedSince(Path file, long sinceMillis) {
            this.file = file;
            this.lastModified = sinceMillis;
        }

        @Override
        public boolean getAsBoolean() {
            try {
                long modified = Files.getLastModifiedTime(file).toMillis();
                if (modified > lastModified) {
                    // Parsing proves the write is complete, not a file cut short mid-write.
                    EmulatorJson.mapper().readTree(file.toFile());
                    lastModified = modified;
                    completeRewrites++;
                }
            } catch (IOException notYet) {
                // Missing or half written: look again on the next poll.
            }
            return completeRewrites >= 2;
        }
    }

    /** Settings of a {@link LocalKinesis}. */
    public static final class Builder {
        private static Path loopbackOnly;
        private Path persistenceDir;
        private String region = "us-east-1";
        private Duration stateDuration = Duration.ofMillis(10);
        private Duration startupTimeout = Duration.ofSeconds(60);
        private String logLevel = "WARN";

        private Builder() {}

        /**
         * Loads streams from and saves them to {@code dir/kinesis-data.json} (kinesis-mock's
         * {@code SHOULD_PERSIST_DATA}, saved every 500 ms and on {@link #close()});
         * default in memory only.
         */
        public Builder persistenceDir(Path dir) {
            this.persistenceDir = dir == null ? null : dir.toAbsolutePath();
            return this;
        }

        /** Region used in ARNs (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** How long streams stay CREATING, UPDATING, DELETING and the like (default 10 ms). */
        public Builder stateDuration(Duration duration) {
            this.stateDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /** How long to wait for kinesis-mock to listen (default 60 s). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** kinesis-mock's LOG_LEVEL: ERROR, WARN, INFO, DEBUG or TRACE (default WARN). */
        public Builder logLevel(String level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** Installs the Node packages if needed and starts kinesis-mock. */
        public LocalKinesis start() {
            Path packageDir =
                    NodePackages.ensureInstalled().resolve("node_modules").resolve("kinesis-local");
            IllegalStateException last = null;
            // A free port can be taken by someone else before kinesis-mock binds it; new ports fix that.
            for (int attempt = 0; attempt < 3; attempt++) {
                int plainPort = NodeProcess.freePort();
                int tlsPort = NodeProcess.freePort();
                if (tlsPort == plainPort) {
                    continue;
                }
                try {
                    // kinesis-mock has no setting for its address and binds 0.0.0.0: a preload confines it
                    NodeProcess process = NodeProcess.start(
                            "kinesis-mock",
                            List.of(
                                    "--require",
                                    loopbackOnlyScript().toString(),
                                    packageDir.resolve("main.js").toString()),
                            environment(packageDir, plainPort, tlsPort),
                            packageDir,
                            plainPort,
                            startupTimeout);
                    return new LocalKinesis(
                            process,
                            plainPort,
                            region,
                            persistenceDir == null ? null : persistenceDir.resolve(PERSIST_FILE));
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last == null ? new IllegalStateException("No pair of free ports for kinesis-mock") : last;
        }

        /** {@code loopback-only.cjs} as a file node can preload (one per JVM, deleted on exit). */
        private static synchronized Path loopbackOnlyScript() {
            if (loopbackOnly == null || !Files.exists(loopbackOnly)) {
                try (java.io.InputStream in = LocalKinesis.class.getResourceAsStream("loopback-only.cjs")) {
                    if (in == null) {
                        throw new IllegalStateException("loopback-only.cjs missing from the classpath");
                    }
                    Path file = Files.createTempFile("scan-pipeline-loopback-only-", ".cjs");
                    Files.write(file, in.readAllBytes());
                    file.toFile().deleteOnExit();
                    loopbackOnly = file;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the loopback-only preload", e);
                }
            }
            return loopbackOnly;
        }

        private Map<String, String> environment(Path packageDir, int plainPort, int tlsPort) {
            Map<String, String> env = new HashMap<>();
            env.put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(plainPort));
            // The TLS listener cannot be switched off, so it gets a free port of its own.
            env.put("KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort));
            // kinesis-mock reads its self-signed certificate from server.json relative to the working directory;
            // the absolute path makes that independent of where it is started.
            env.put("KINESIS_MOCK_CERT_PATH", packageDir.resolve("server.json").toString());
            env.put("AWS_REGION", region);
            env.put("AWS_ACCOUNT_ID", "000000000000");
            env.put("LOG_LEVEL", logLevel);
            String duration = stateDuration.toMillis() + "ms";
            STATE_DURATIONS.forEach(name -> env.put(name, duration));
            if (persistenceDir != null) {
                try {
                    Files.createDirectories(persistenceDir);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot create " + persistenceDir, e);
                }
                env.put("SHOULD_PERSIST_DATA", "true");
                env.put("LOAD_DATA_IF_EXISTS", "true");
                env.put("PERSIST_PATH", persistenceDir.toString());
                env.put("PERSIST_FILE_NAME", PERSIST_FILE);
                env.put("PERSIST_INTERVAL", PERSIST_INTERVAL_MS + "ms");
            } else {
                env.put("SHOULD_PERSIST_DATA", "false");
                env.put("LOAD_DATA_IF_EXISTS", "false");
            }
            return env;
        }
    }
}
