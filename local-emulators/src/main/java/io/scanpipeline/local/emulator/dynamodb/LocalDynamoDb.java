package io.scanpipeline.local.emulator.dynamodb;

import io.scanpipeline.local.emulator.common.EmulatorJson;
import io.scanpipeline.local.emulator.common.NodePackages;
import io.scanpipeline.local.emulator.common.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * DynamoDB and DynamoDB Streams on 127.0.0.1, without an AWS account, Docker or Amazon's DynamoDB Local.
 *
 * <p>Runs dynalite (npm package {@code dynalite}, DynamoDB on LevelDB) as a Node.js child process and puts a Java
 * proxy in front of it. {@link #endpoint()} serves both APIs, so {@code DynamoDbClient} and
 * {@code DynamoDbStreamsClient} both work with {@code endpointOverride(endpoint())} (any region and static
 * credentials; signatures are not checked):
 * <ul>
 *     <li>DynamoDB calls ({@code X-Amz-Target: DynamoDB_20120810.*}) go to dynalite; bodies and status codes,
 *     errors included, come back unchanged, except that table descriptions gain the stream fields.</li>
 *     <li>DynamoDB Streams calls ({@code DynamoDBStreams_20120810.*}) are answered by the proxy, from records it
 *     captured around every successful PutItem, UpdateItem, DeleteItem and BatchWriteItem on a table whose
 *     {@code StreamSpecification} enables a stream.</li>
 * </ul>
 *
 * <p>Not emulated: TransactWriteItems and PartiQL (dynalite has neither), TTL deletions, shard rotation (shards
 * stay open while the stream is enabled), TrimmedDataAccessException (reads of trimmed positions start at the
 * oldest kept record), and streams of deleted tables stay listed (DISABLED) instead of disappearing after
 * 24 hours. Writes must go through {@link #endpoint()}: a write made directly to dynalite has no record.
 *
 * <pre>{@code
 * try (LocalDynamoDb ddb = LocalDynamoDb.start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint())...build();
 * }
 * }</pre>
 */
public final class LocalDynamoDb implements AutoCloseable {

    private final NodeProcess dynaliteProcess;
    private final StreamStore store;
    private final DynamoDbProxy proxy;
    private final String region;

    private LocalDynamoDb(Builder builder) throws IOException {
        this.region = builder.region;
        Path modules = NodePackages.ensureInstalled();
        Path dynaliteDir = null;
        if (builder.persistenceDir != null) {
            dynaliteDir = builder.persistenceDir.resolve("dynalite");
            Files.createDirectories(dynaliteDir);
        }
        Started started = startDynalite(modules, dynaliteDir, builder);
        this.dynaliteProcess = started.process();
        URI dynaliteEndpoint = URI.create("http://127.0.0.1:" + started.port());
        StreamStore createdStore = null;
        try {
            createdStore = new StreamStore(region, builder.shardsPerStream, builder.persistenceDir, builder.clock);
            DynaliteClient client = new DynaliteClient(dynaliteEndpoint, region, EmulatorJson.mapper());
            TableLocks locks = new TableLocks();
            this.proxy = new DynamoDbProxy(
                    client,
                    new TableStreamSettings(client, createdStore, locks),
                    new StreamCapture(client, createdStore, locks),
                    new DynamoDbStreamsApi(createdStore, builder.clock));
            this.store = createdStore;
        } catch (IOException | RuntimeException e) {
            if (createdStore != null) {
                createdStore.close();
            }
            started.process().close();
            throw e;
        }
    }

    /** Starts an in-memory instance with default settings. */
    public static LocalDynamoDb start() {
        return builder().start();
    }

    /** A builder for non-default settings (persistence, shards per stream, region). */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint serving the DynamoDB and DynamoDB Streams APIs. */
    public URI endpoint() {
        return proxy.endpoint();
    }

    /** The region used in ARNs and stream records. */
    public String region() {
        return region;
    }

    /**
     * Registers a callback invoked with a stream ARN after records were appended to that stream, so that a
     * consumer can poll GetRecords when there is something to read instead of on a timer. It runs on the proxy
     * thread of the write that produced the records, after the table lock was released and before the write is
     * answered: it should return quickly (hand off to another thread for real work). A listener that throws is
     * ignored.
     */
    public void addStreamListener(Consumer<String> listener) {
        store.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * dynalite's own output (stdout and stderr), for troubleshooting; deleted on {@link #close()} unless the system
     * property {@code scanpipeline.emulator.keepLogs} is {@code true}.
     */
    public Path logFile() {
        return dynaliteProcess.logFile();
    }

    /** Stops the proxy and dynalite. With a persistence directory, data and streams stay on disk. */
    @Override
    public void close() {
        proxy.close();
        dynaliteProcess.close();
        store.close();
    }

    private record Started(NodeProcess process, int port) {}

    private static Started startDynalite(Path modules, Path dataDir, Builder builder) {
        String cli = modules.resolve("node_modules")
                .resolve("dynalite")
                .resolve("cli.js")
                .toString();
        IllegalStateException last = null;
        // A free port can be taken by someone else before dynalite binds it; a new port fixes that.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = NodeProcess.freePort();
            List<String> args = new ArrayList<>(List.of(
                    cli,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--createTableMs",
                    String.valueOf(builder.tableStateDelay.toMillis()),
                    "--deleteTableMs",
                    String.valueOf(builder.tableStateDelay.toMillis()),
                    "--updateTableMs",
                    String.valueOf(builder.tableStateDelay.toMillis())));
            if (dataDir != null) {
                args.add("--path");
                args.add(dataDir.toString());
            }
            try {
                // dynalite takes region and account for its ARNs from the environment.
                NodeProcess process = NodeProcess.start(
                        "dynalite",
                        args,
                        Map.of("AWS_REGION", builder.region, "AWS_ACCOUNT_ID", "000000000000"),
                        modules,
                        port,
                        builder.startupTimeout);
                return new Started(process, port);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Settings of a {@link LocalDynamoDb}. */
    public static final class Builder {
        private Path persistenceDir;
        private int shardsPerStream = 1;
        private String region = "us-east-1";
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Duration tableStateDelay = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Keeps tables (dynalite {@code --path DIR/dynalite}) and stream records ({@code DIR/dynamodb-streams.jsonl})
         * in {@code dir}, so that a new instance on the same directory sees them again. Default: in memory only.
         */
        public Builder persistenceDir(Path dir) {
            this.persistenceDir = dir == null ? null : dir.toAbsolutePath();
            return this;
        }

        /** Shards per stream (default 1); an item's changes always go to the shard its partition key hashes to. */
        public Builder shardsPerStream(int shards) {
            if (shards < 1 || shards > 100) {
                throw new IllegalArgumentException("shardsPerStream must be 1..100, got " + shards);
            }
            this.shardsPerStream = shards;
            return this;
        }

        /** Region shown in ARNs and records (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** How long to wait for dynalite to listen (default 30 s). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long tables stay CREATING/UPDATING/DELETING (default zero: ACTIVE right after the call, which keeps
         * tests fast; SDK waiters work either way).
         */
        public Builder tableStateDelay(Duration delay) {
            this.tableStateDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Clock for stream timestamps, retention and iterator expiry; for tests. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Installs the Node packages if needed, starts dynalite and the proxy. */
        public LocalDynamoDb start() {
            try {
                return new LocalDynamoDb(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start LocalDynamoDb", e);
            }
        }
    }
}
