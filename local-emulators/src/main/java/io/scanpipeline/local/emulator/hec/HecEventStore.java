package io.scanpipeline.local.emulator.hec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the receiver accepted: one NDJSON line per event ({@code receivedAt}, {@code path}, {@code channel},
 * {@code ackId}, {@code gzip} and the event object under {@code hec}), optionally kept in memory too, plus answer
 * counters.
 */
final class HecEventStore implements AutoCloseable {

    /**
     * One lock per output file in this JVM: several receivers (indexers behind a balancer) may append to the same
     * file, and a request's lines must reach it whole and together (a {@link BufferedWriter} may write a long
     * request in several pieces, which another receiver's append could otherwise split).
     */
    private static final Map<Path, Object> FILE_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Object fileLock;

    private final BufferedWriter file;
    private final boolean keepInMemory;
    private final List<ObjectNode> receipts = new ArrayList<>();
    private final Map<Integer, Long> byHecCode = new TreeMap<>();
    private final Map<Integer, Long> byHttpStatus = new TreeMap<>();
    private long connectionResets;
    private long lostRequests;

    HecEventStore(Path outputFile, boolean keepInMemory) throws IOException {
        this.file = outputFile == null
                ? null
                : Files.newBufferedWriter(
                        outputFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.fileLock = outputFile == null
                ? new Object()
                : FILE_LOCKS.computeIfAbsent(outputFile.toAbsolutePath().normalize(), path -> new Object());
        this.keepInMemory = keepInMemory;
    }

    /** Stores the events of one accepted request; all of them, in one step. */
    synchronized void store(List<ObjectNode> events, String path, String channel, Long ackId, boolean gzip) {
        String receivedAt = Instant.now().toString();
        List<ObjectNode> lines = new ArrayList<>(events.size());
        for (ObjectNode event : events) {
            ObjectNode receipt = EmulatorJson.mapper().createObjectNode();
            receipt.put("receivedAt", receivedAt);
            receipt.put("path", path);
            receipt.put("channel", channel);
            if (ackId == null) {
                receipt.putNull("ackId");
            } else {
                receipt.put("ackId", ackId);
            }
            receipt.put("gzip", gzip);
            receipt.set("hec", event);
            if (keepInMemory) {
                receipts.add(receipt);
            }
            lines.add(receipt);
        }
        synchronized (fileLock) {
            lines.forEach(this::write);
            flush();
        }
    }

    synchronized void countReply(HecReply reply) {
        byHttpStatus.merge(reply.httpStatus(), 1L, Long::sum);
        if (reply.code() != null) {
            byHecCode.merge(reply.code(), 1L, Long::sum);
        }
    }

    synchronized void countReset() {
        connectionResets++;
    }

    synchronized void countLost() {
        lostRequests++;
    }

    synchronized List<JsonNode> events() {
        return receipts.stream().<JsonNode>map(r -> r.get("hec").deepCopy()).toList();
    }

    synchronized List<JsonNode> receipts() {
        return receipts.stream().<JsonNode>map(ObjectNode::deepCopy).toList();
    }

    synchronized long countByHecCode(int code) {
        return byHecCode.getOrDefault(code, 0L);
    }

    synchronized long countByHttpStatus(int status) {
        return byHttpStatus.getOrDefault(status, 0L);
    }

    synchronized long connectionResets() {
        return connectionResets;
    }

    synchronized long lostRequests() {
        return lostRequests;
    }

    synchronized void clear() {
        receipts.clear();
        byHecCode.clear();
        byHttpStatus.clear();
        connectionResets = 0;
        lostRequests = 0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    private void write(ObjectNode receipt) {
        if (file == null) {
            return;
        }
        try {
            file.write(receipt.toString());
            file.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() {
        if (file == null) {
            return;
        }
        try {
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
