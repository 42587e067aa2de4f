package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Polls {@code /services/collector/ack} per channel for the ackIds of accepted requests. Each awaited ackId ends
 * as {@code true} (indexed), {@code false} (take it as lost and resend: still false after {@code HEC_ACK_TIMEOUT},
 * or made ambiguous by a reuse), or exceptionally when the ack endpoint refuses the token or has acks disabled. An
 * unavailable ack service (503 code 19), another 5xx or an I/O error only delays the answer to the next poll.
 *
 * <p><b>AckId reuse.</b> AckIds are numbered per channel <em>and per indexer</em>: an indexer that restarts counts
 * from 0 again, and two indexers behind a balancer hand out the same numbers on one channel. An ackId issued on a
 * channel while the same number is still awaited there is a reuse: a {@code true} for it could be the other
 * request's. (A number confirmed earlier and issued again is no ambiguity: nothing waits on the old one; responses
 * on one channel also arrive out of order, so a lower number is no sign of a restart.) Both requests are then answered false (resent; a duplicate is
 * acceptable, a loss is not), the channel is retired and its endpoint switches to one channel per request
 * ({@link HecEndpoint#retire}). A poll's answer only confirms the very entries it asked about, never an entry
 * registered after it was sent.
 */
final class AckPoller {

    private record Pending(CompletableFuture<Boolean> indexed, long deadlineNanos) {}

    private static final class ChannelAcks {
        private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        private final AtomicBoolean polling = new AtomicBoolean();
        // kept in the map once retired, so that a late answer on the old channel is still seen as a reuse
        private volatile boolean retired;
    }

    private final HecTransport transport;
    private final long timeoutNanos;
    private final HecTokens tokens;
    private final StructuredLog log;
    private final LongAdder reuses = new LongAdder();
    private final Map<HecChannel, ChannelAcks> channels = new ConcurrentHashMap<>();

    AckPoller(HecTransport transport, HecConfig config, HecTokens tokens, StructuredLog log) {
        this.transport = transport;
        this.timeoutNanos = config.ackTimeout().toNanos();
        this.tokens = tokens;
        this.log = log;
    }

    /** Waits for {@code ackId} on {@code channel}: true when indexed, false after the ack timeout or a reuse. */
    CompletableFuture<Boolean> await(HecChannel channel, long ackId) {
        Pending fresh = new Pending(new CompletableFuture<>(), System.nanoTime() + timeoutNanos);
        List<Pending> displaced = new ArrayList<>();
        // atomic per channel, so that pollOnce cannot drop the entry as empty while this adds to it
        channels.compute(channel, (c, existing) -> {
            ChannelAcks acks = existing == null ? new ChannelAcks() : existing;
            if (acks.retired || acks.pending.containsKey(ackId)) {
                acks.retired = true;
                displaced.addAll(acks.pending.values());
                acks.pending.clear();
                displaced.add(fresh);
            } else {
                acks.pending.put(ackId, fresh);
            }
            return acks;
        });
        if (!displaced.isEmpty()) {
            reused(channel, ackId, displaced.size());
            channel.endpoint().retire(channel);
            displaced.forEach(p -> p.indexed().complete(false));
        }
        return fresh.indexed();
    }

    /** How many reused ackIds were seen. */
    long reuses() {
        return reuses.sum();
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
            if (acks.pending.isEmpty()) {
                // per-request channels come and go: forget the empty ones (an await racing with this re-adds it)
                channels.computeIfPresent(
                        channel, (c, a) -> a.pending.isEmpty() && !a.polling.get() && !a.retired ? null : a);
                return;
            }
            if (!acks.polling.compareAndSet(false, true)) {
                return;
            }
            Map<Long, Pending> asked = new LinkedHashMap<>(acks.pending);
            HecToken token = tokens.current();
            CompletableFuture<HttpResponse<byte[]>> poll;
            try {
                poll = transport.pollAcks(channel, List.copyOf(asked.keySet()), token);
            } catch (RuntimeException e) {
                // a poll that never started must not leave the channel marked as polling for ever
                acks.polling.set(false);
                throw e;
            }
            poll.whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        log.warn(
                                "hec_ack_poll_failed",
                                Map.of(
                                        "channel",
                                        channel.toString(),
                                        "error",
                                        String.valueOf(tokens.redact(String.valueOf(error.getMessage())))));
                    } else {
                        answered(channel, acks, asked, token, response);
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

    private void answered(
            HecChannel channel,
            ChannelAcks acks,
            Map<Long, Pending> asked,
            HecToken token,
            HttpResponse<byte[]> response) {
        if (response.statusCode() == 200) {
            try {
                JsonNode answer = Json.mapper().readTree(response.body()).path("acks");
                answer.properties().forEach(entry -> {
                    if (entry.getValue().asBoolean(false)) {
                        confirm(acks, Long.parseLong(entry.getKey()), asked);
                    }
                });
                return;
            } catch (IOException | NumberFormatException e) {
                log.warn("hec_ack_answer_unreadable", Map.of("channel", channel.toString()));
                return;
            }
        }
        HecResponse error = HecResponse.parse(response.statusCode(), response.body());
        String reason = tokens.redact(error.describe());
        switch (error.disposition()) {
            case AUTH -> {
                // a rotated token: the next poll uses the new one; ackIds belong to the channel, not the token
                if (tokens.reloadAfterRefusal(token) == null) {
                    failChannel(
                            acks,
                            new HecAuthException("ack poll refused: " + reason, error.httpStatus(), error.code()));
                }
            }
            case CONFIGURATION, UNEXPECTED ->
                failChannel(
                        acks,
                        new HecConfigurationException(
                                "ack poll failed: " + reason, error.httpStatus(), error.code(), null));
            default -> log.warn("hec_ack_poll_retry", Map.of("channel", channel.toString(), "reason", reason));
        }
    }

    private static void confirm(ChannelAcks acks, long ackId, Map<Long, Pending> asked) {
        Pending pending = asked.get(ackId);
        // only the entry this poll asked about: a later request given the same number is not confirmed by it
        if (pending != null && acks.pending.remove(ackId, pending)) {
            pending.indexed().complete(true);
        }
    }

    private void reused(HecChannel channel, long ackId, int displaced) {
        reuses.increment();
        log.warn(
                "hec_ack_id_reused",
                Map.of(
                        "channel",
                        channel.toString(),
                        "ackId",
                        ackId,
                        "resent",
                        displaced,
                        "message",
                        "the same ackId was issued twice on this channel (an indexer "
                                + "restarted, or a load balancer without stickiness): the requests awaiting it are sent "
                                + "again, and " + channel.endpoint() + " now uses one channel per request"));
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
