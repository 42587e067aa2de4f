package io.scanpipeline.local.emulator.s3;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3-compatible server inside the JVM for local runs and integration tests, with bucket versioning, multipart
 * uploads and an event hook in place of S3 event notifications.
 *
 * <p>It listens on 127.0.0.1 only, understands path-style requests ({@code http://127.0.0.1:PORT/bucket/key}),
 * accepts any credentials (signatures are not checked) and keeps object bytes in files under a data directory,
 * so large objects are streamed and never held in memory. Point an SDK client at {@link #endpoint()} with path-style
 * access enabled:
 *
 * <pre>{@code
 * try (LocalS3Server s3 = LocalS3Server.start(null)) {
 *     S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Supported: buckets (create, head, delete, list, versioning, location), PutObject, GetObject and HeadObject
 * (versionId, single byte ranges, conditional headers), DeleteObject, DeleteObjects, CopyObject, ListObjects,
 * ListObjectsV2, ListObjectVersions and multipart uploads. Other operations are answered with 501 NotImplemented.
 */
public final class LocalS3Server implements AutoCloseable {

    /** The region the server claims to be in. */
    public static final String DEFAULT_REGION = "us-east-1";

    private static final System.Logger LOG = System.getLogger(LocalS3Server.class.getName());
    private static final String DEFAULT_CONFIGURATION_ID = "local-s3-notification";

    static {
        // The JDK HTTP server writes the status line and headers before the body; with Nagle's algorithm on, the
        // body of a small response then waits for the client's delayed ACK (~40 ms per request). The property is
        // read once, when the JDK server's configuration class loads; an explicit setting is respected.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ExecutorService requestExecutor;
    private final EventDispatcher events;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final URI endpoint;
    private boolean closed;

    private LocalS3Server(
            HttpServer http,
            ExecutorService requestExecutor,
            EventDispatcher events,
            Path dataDir,
            boolean deleteDataDirOnClose) {
        this.http = http;
        this.requestExecutor = requestExecutor;
        this.events = events;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /**
     * Starts a server on a free port of 127.0.0.1.
     *
     * @param dataDir where to keep buckets and objects (existing content is loaded); null for a new temporary
     *                directory that is deleted again by {@link #close()}
     */
    public static LocalS3Server start(Path dataDir) throws IOException {
        return builder().dataDir(dataDir).start();
    }

    /** A builder for a server with a fixed port or a different number of request threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:54321}, for {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The port the server listens on. */
    public int port() {
        return endpoint.getPort();
    }

    /** The directory holding the server's buckets and objects. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Registers a listener for object events (ObjectCreated:Put, :Copy, :CompleteMultipartUpload,
     * ObjectRemoved:Delete, :DeleteMarkerCreated) of all buckets. Events are delivered on a dedicated thread in
     * commit order; a listener that throws is logged and skipped.
     */
    public void addListener(S3EventListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Unregisters a listener added with {@link #addListener}. */
    public void removeListener(S3EventListener listener) {
        events.remove(listener);
    }

    /**
     * Renders an event as the JSON S3 sends to Lambda: {@code {"Records":[{...}]}} with eventVersion 2.1, the
     * object key URL-encoded as S3 does (space as '+', other reserved and non-ASCII characters as UTF-8 %XX),
     * the ETag without quotes, and a configurationId of {@code local-s3-notification}.
     *
     * @param region the awsRegion to put in the record, e.g. {@code us-east-1}
     */
    public static String toS3EventJson(S3ObjectEvent event, String region) {
        return toS3EventJson(event, region, DEFAULT_CONFIGURATION_ID);
    }

    /** Like {@link #toS3EventJson(S3ObjectEvent, String)} with the given notification configuration id. */
    public static String toS3EventJson(S3ObjectEvent event, String region, String configurationId) {
        return S3EventJson.render(
                Objects.requireNonNull(event, "event"),
                Objects.requireNonNull(region, "region"),
                Objects.requireNonNull(configurationId, "configurationId"));
    }

    /**
     * Stops accepting requests, delivers the events already queued, and deletes the data directory when it was
     * a temporary one created by {@link #start}.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        requestExecutor.shutdown();
        try {
            if (!requestExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                requestExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            requestExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        events.close();
        if (deleteDataDirOnClose) {
            try {
                StoreFiles.deleteTree(dataDir);
            } catch (IOException | UncheckedIOException e) {
                LOG.log(Level.WARNING, "could not delete temporary S3 data directory " + dataDir, e);
            }
        }
    }

    /** Configures and starts a {@link LocalS3Server}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int threads = 32;

        private Builder() {}

        /** Where to keep the data; null (the default) for a temporary directory deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The port to listen on; 0 (the default) for a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /** Number of threads handling requests concurrently (default 32). */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be positive: " + value);
            }
            this.threads = value;
            return this;
        }

        /** Starts the server; it is listening when this returns. */
        public LocalS3Server start() throws IOException {
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("local-s3-") : Files.createDirectories(dataDir);
            EventDispatcher events = new EventDispatcher();
            ThreadPoolExecutor executor = null;
            try {
                ObjectStore store = new ObjectStore(dir, events);
                MultipartStore uploads = new MultipartStore(dir);
                HttpServer http = HttpServer.create(
                        new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 128);
                AtomicInteger counter = new AtomicInteger();
                executor = new ThreadPoolExecutor(
                        threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                            Thread t = new Thread(runnable, "local-s3-" + counter.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
                executor.allowCoreThreadTimeOut(true);
                http.createContext("/", new S3Router(store, uploads));
                http.setExecutor(executor);
                http.start();
                return new LocalS3Server(http, executor, events, dir, temporary);
            } catch (IOException | RuntimeException e) {
                events.close();
                if (executor != null) {
                    executor.shutdownNow();
                }
                if (temporary) {
                    StoreFiles.deleteTree(dir);
                }
                throw e;
            }
        }
    }
}
