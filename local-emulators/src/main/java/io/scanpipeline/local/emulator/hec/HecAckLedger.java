package io.scanpipeline.local.emulator.hec;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AckIds per channel, as Splunk keeps them: numbered from 0 per channel, {@code false} until indexed, {@code true}
 * once, then forgotten. A "lost" ackId stays false for ever.
 */
final class HecAckLedger {

    private record Pending(long readyAtNanos, boolean lost) {}

    private static final class Channel {
        private long nextAckId;
        private final Map<Long, Pending> pending = new HashMap<>();
    }

    private final Map<String, Channel> channels = new HashMap<>();

    /** Issues the next ackId of {@code channel}; it becomes true after {@code delay} unless {@code lost}. */
    synchronized long issue(String channel, Duration delay, boolean lost) {
        Channel state = channels.computeIfAbsent(channel, c -> new Channel());
        long ackId = state.nextAckId++;
        state.pending.put(ackId, new Pending(System.nanoTime() + delay.toNanos(), lost));
        return ackId;
    }

    /** Answers an ack poll; ids reported true are forgotten, unknown ids are false. */
    synchronized Map<Long, Boolean> poll(String channel, List<Long> ackIds) {
        Map<Long, Boolean> answer = new LinkedHashMap<>();
        Channel state = channels.get(channel);
        long now = System.nanoTime();
        for (Long ackId : ackIds) {
            Pending pending = state == null ? null : state.pending.get(ackId);
            boolean indexed = pending != null && !pending.lost() && now - pending.readyAtNanos() >= 0;
            if (indexed) {
                state.pending.remove(ackId);
            }
            answer.put(ackId, indexed);
        }
        return answer;
    }

    /**
     * Forgets every channel, as an indexer restart does: ackIds count from 0 again and ids issued before are unknown
     * (false for ever, so the sender's ack timeout makes it resend).
     */
    synchronized void restart() {
        channels.clear();
    }

    /** AckIds issued and not yet reported true (lost ones included). */
    synchronized int pendingCount() {
        return channels.values().stream().mapToInt(c -> c.pending.size()).sum();
    }
}
