package io.scanpipeline.local.emulator.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local Splunk HTTP Event Collector on 127.0.0.1: the event, raw, ack and health endpoints with Splunk's status
 * codes, channels and ackIds, gzip bodies, all-or-nothing batches, and injectable faults.
 *
 * <p>What it accepted is written as NDJSON to the configured file and, for tests, kept in memory
 * ({@link #events()}). Faults and health can be changed while it runs.
 */
public final class HecReceiver implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HecEventStore store;
    private final HecAckLedger ledger;
    private final FaultInjector faults;
    private final HecRequestHandler handler;
    private final URI endpoint;

    private HecReceiver(
            HttpServer server,
            ExecutorService executor,
            HecEventStore store,
            HecAckLedger ledger,
            FaultInjector faults,
            HecRequestHandler handler,
            URI endpoint) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.ledger = ledger;
        this.faults = faults;
        this.handler = handler;
        this.endpoint = endpoint;
    }

    /** Starts a receiver; it serves until {@link #close()}. */
    public static HecReceiver start(HecReceiverConfig config) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port());
        HttpServer server = config.tls() == null ? HttpServer.create(address, 0) : httpsServer(address, config);
        HecEventStore store = new HecEventStore(config.outputFile(), config.keepEventsInMemory());
        HecAckLedger ledger = new HecAckLedger();
        FaultInjector faults = new FaultInjector(config.faults());
        HecRequestHandler handler = new HecRequestHandler(config, store, ledger, faults);
        server.createContext("/services/collector", handler);
        // the default executor is the single dispatcher thread: one delayed answer would hold up every request
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "hec-receiver-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        String scheme = config.tls() == null ? "http" : "https";
        URI endpoint = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
        return new HecReceiver(server, executor, store, ledger, faults, handler, endpoint);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:54321}; the HEC paths go below it. */
    public URI endpoint() {
        return endpoint;
    }

    /** The stored event objects, in order of receipt, as the sender wrote them (raw lines as built events). */
    public List<JsonNode> events() {
        return store.events();
    }

    /**
     * The stored NDJSON lines: {@code receivedAt}, {@code path}, {@code channel}, {@code ackId}, {@code gzip} and
     * the event under {@code hec}.
     */
    public List<JsonNode> receipts() {
        return store.receipts();
    }

    /** How many answers carried HEC code {@code code}. */
    public long countByHecCode(int code) {
        return store.countByHecCode(code);
    }

    /** How many answers had HTTP status {@code status}. */
    public long countByHttpStatus(int status) {
        return store.countByHttpStatus(status);
    }

    /** How many connections were closed without an answer by fault injection. */
    public long connectionResets() {
        return store.connectionResets();
    }

    /** How many accepted requests were "lost before indexing": ackId never true, events not stored. */
    public long lostRequests() {
        return store.lostRequests();
    }

    /** AckIds issued and not yet reported true. */
    public int pendingAcks() {
        return ledger.pendingCount();
    }

    /** Replaces the injected faults (and reseeds their random source). */
    public void faults(HecFaults value) {
        faults.set(value);
    }

    /** The faults injected now. */
    public HecFaults faults() {
        return faults.get();
    }

    /** Sets health: unhealthy answers 503 code 18 on health and 503 code 9 on data. */
    public void healthy(boolean value) {
        handler.healthy(value);
    }

    /** Whether the receiver answers healthy now. */
    public boolean healthy() {
        return handler.healthy();
    }

    /**
     * Simulates an indexer restart: the ackIds of every channel start again from 0 and those issued before are never
     * reported true. Stored events stay (they were indexed).
     */
    public void restart() {
        ledger.restart();
    }

    /** Forgets stored events and counters (the NDJSON file keeps its lines). */
    public void clear() {
        store.clear();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.shutdownNow();
        store.close();
    }

    private static HttpsServer httpsServer(InetSocketAddress address, HecReceiverConfig config) throws IOException {
        HecReceiverConfig.TlsIdentity tls = config.tls();
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, tls.password().toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, tls.password().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(address, 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            return server;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load TLS key store " + tls.keyStore(), e);
        }
    }
}
