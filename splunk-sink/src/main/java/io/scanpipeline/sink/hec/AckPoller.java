package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls {@code /services/collector/ack} per channel for the ackIds of accepted requests. Each awaited ackId ends
 * as {@code true} (indexed), {@code false} (still false after {@code HEC_ACK_TIMEOUT}: take it as lost and resend),
 * or exceptionally when the ack endpoint refuses the token or has acks disabled. An unavailable ack service
 * (503 code 19), another 5xx or an I/O error only delays the answer to the next poll.
 */
final class AckPoller {

    private record Pending(CompletableFuture<Boolean> indexed, long deadlineNanos) {
    }

    private static final class ChannelAcks {
        private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        private final AtomicBoolean polling = new AtomicBoolean();
    }

    private final HecTransport transport;
    private final long timeoutNanos;
    private final HecToken token;
    private final StructuredLog log;
    private final Map<HecChannel, ChannelAcks> channels = new ConcurrentHashMap<>();

    AckPoller(HecTransport transport, HecConfig config, StructuredLog log) {
        this.transport = transport;
        this.timeoutNanos = config.ackTimeout().toNanos();
        this.token = config.token();
        this.log = log;
    }

    /** Waits for {@code ackId} on {@code channel}: true when indexed, false after the ack timeout. */
    CompletableFuture<Boolean> await(HecChannel channel, long ackId) {
        CompletableFuture<Boolean> indexed = new CompletableFuture<>();
        channels.computeIfAbsent(channel, c -> new ChannelAcks()).pending
                .put(ackId, new Pending(indexed, System.nanoTime() + timeoutNanos));
        return indexed;
    }

    /** AckIds awaited now. */
    int pendingCount() {
        return channels.values().stream().mapToInt(c -> c.pending.size()).sum();
    }

    /** One round: expire overdue ackIds, then ask each channel about the rest (one poll per channel at a time). */
    void pollOnce() {
        long now = System.nanoTime();
        channels.forEach((channel, acks) -> {
            acks.pending.forEach((ackId, pending) -> {
                if (now - pending.deadlineNanos() > 0 && acks.pending.remove(ackId, pending)) {
                    pending.indexed().complete(false);
                }
            });
            if (acks.pending.isEmpty() || !acks.polling.compareAndSet(false, true)) {
                return;
            }
            List<Long> ids = new ArrayList<>(acks.pending.keySet());
            CompletableFuture<HttpResponse<byte[]>> poll;
            try {
                poll = transport.pollAcks(channel, ids);
            } catch (RuntimeException e) {
                // a poll that never started must not leave the channel marked as polling for ever
                acks.polling.set(false);
                throw e;
            }
            poll.whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        log.warn("hec_ack_poll_failed", Map.of("channel", channel.toString(),
                                "error", String.valueOf(token.redact(String.valueOf(error.getMessage())))));
                    } else {
                        answered(channel, acks, response);
                    }
                } finally {
                    acks.polling.set(false);
                }
            });
        });
    }

    /** Fails every awaited ackId, e.g. on close. */
    void failAll(RuntimeException failure) {
        channels.values().forEach(acks -> failChannel(acks, failure));
    }

    private void answered(HecChannel channel, ChannelAcks acks, HttpResponse<byte[]> response) {
        if (response.statusCode() == 200) {
            try {
                JsonNode answer = Json.mapper().readTree(response.body()).path("acks");
                answer.properties().forEach(entry -> {
                    if (entry.getValue().asBoolean(false)) {
                        Pending pending = acks.pending.remove(Long.parseLong(entry.getKey()));
                        if (pending != null) {
                            pending.indexed().complete(true);
                        }
                    }
                });
                return;
            } catch (IOException | NumberFormatException e) {
                log.warn("hec_ack_answer_unreadable", Map.of("channel", channel.toString()));
                return;
            }
        }
        HecResponse error = HecResponse.parse(response.statusCode(), response.body());
        String reason = token.redact(error.describe());
        switch (error.disposition()) {
            case AUTH -> failChannel(acks, new HecAuthException("ack poll refused: " + reason,
                    error.httpStatus(), error.code()));
            case CONFIGURATION, UNEXPECTED -> failChannel(acks, new HecConfigurationException(
                    "ack poll failed: " + reason, error.httpStatus(), error.code(), null));
            default -> log.warn("hec_ack_poll_retry", Map.of("channel", channel.toString(), "reason", reason));
        }
    }

    private static void failChannel(ChannelAcks acks, RuntimeException failure) {
        acks.pending.keySet().forEach(id -> {
            Pending pending = acks.pending.remove(id);
            if (pending != null) {
                pending.indexed().completeExceptionally(failure);
            }
        });
    }
}
