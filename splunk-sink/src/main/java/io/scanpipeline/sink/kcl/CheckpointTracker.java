package io.scanpipeline.sink.kcl;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which records of one shard may be checkpointed: a sorted map of the records in flight, each marked once the next
 * stage confirmed it (Splunk indexed it, or its dead letter was written). The checkpoint may advance to the end of the
 * unbroken run of confirmed records at the head of the map and no further, so a record that is still in flight is
 * never skipped by a checkpoint however many records after it were confirmed.
 *
 * <p>The number of records held (in flight, plus confirmed ones waiting behind an unconfirmed one) is bounded:
 * {@link #add} refuses beyond the bound and {@link #awaitRoom} blocks until a confirmation makes room. That is the
 * backpressure that stops the shard's reader while Splunk is slow or failing.
 *
 * <p>Thread-safe: records are added by the shard's processor thread and confirmed from HEC client and dead-letter
 * threads. No KCL types, so it is tested on its own.
 */
public final class CheckpointTracker {

    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // position -> confirmed?
    private final TreeMap<SequencePosition, Boolean> records = new TreeMap<>();
    private SequencePosition lastAdded;
    private SequencePosition checkpointable;
    private boolean cleared;

    /**
     * @param maxInFlight how many records may be held at once, at least 1
     */
    public CheckpointTracker(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Starts tracking {@code position}. Positions must be added in increasing order (the order of the shard).
     *
     * @return false when the tracker was {@link #clear() cleared} (the lease is gone): do not send the record
     * @throws IllegalStateException    when the bound is reached: wait with {@link #awaitRoom} first
     * @throws IllegalArgumentException when {@code position} is not after the last one added
     */
    public boolean add(SequencePosition position) {
        lock.lock();
        try {
            if (cleared) {
                return false;
            }
            if (records.size() >= maxInFlight) {
                throw new IllegalStateException("in-flight bound " + maxInFlight + " reached; await room first");
            }
            if (lastAdded != null && position.compareTo(lastAdded) <= 0) {
                throw new IllegalArgumentException("position " + position + " is not after " + lastAdded);
            }
            records.put(position, Boolean.FALSE);
            lastAdded = position;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks {@code position} as confirmed by the next stage and advances the checkpointable position over the
     * confirmed run at the head. Confirming an unknown position (after {@link #clear()}, or twice) does nothing.
     */
    public void confirm(SequencePosition position) {
        lock.lock();
        try {
            if (records.replace(position, Boolean.TRUE) == null) {
                return;
            }
            boolean advanced = false;
            while (!records.isEmpty() && records.firstEntry().getValue()) {
                checkpointable = records.pollFirstEntry().getKey();
                advanced = true;
            }
            if (advanced) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The end of the confirmed run reached since the last call, to be checkpointed; empty when it did not advance.
     * The caller owns the returned position: if storing the checkpoint fails it must keep it and try again.
     */
    public Optional<SequencePosition> takeCheckpoint() {
        lock.lock();
        try {
            Optional<SequencePosition> taken = Optional.ofNullable(checkpointable);
            checkpointable = null;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Whether another record may be {@link #add added} now. */
    public boolean hasRoom() {
        lock.lock();
        try {
            return records.size() < maxInFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until another record may be added.
     *
     * @return true when there is room; false on timeout or when the tracker was cleared meanwhile
     */
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        return await(timeout, () -> records.size() < maxInFlight);
    }

    /**
     * Waits until every record added was confirmed (none held).
     *
     * @return true when empty; false on timeout or when the tracker was cleared meanwhile
     */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        return await(timeout, records::isEmpty);
    }

    /**
     * Forgets everything without a checkpoint (the lease was lost: another worker owns the shard now). Later
     * confirmations are ignored, {@link #add} returns false and waiters return false.
     */
    public void clear() {
        lock.lock();
        try {
            cleared = true;
            records.clear();
            checkpointable = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #clear()} was called. */
    public boolean isCleared() {
        lock.lock();
        try {
            return cleared;
        } finally {
            lock.unlock();
        }
    }

    /** Records held now: in flight, or confirmed behind one still in flight. */
    public int size() {
        lock.lock();
        try {
            return records.size();
        } finally {
            lock.unlock();
        }
    }

    /** Records held now that are not confirmed yet. */
    public int unconfirmed() {
        lock.lock();
        try {
            return (int) records.values().stream().filter(confirmed -> !confirmed).count();
        } finally {
            lock.unlock();
        }
    }

    /** The first unconfirmed position, the one holding the checkpoint back, if any. */
    public Optional<SequencePosition> oldestUnconfirmed() {
        lock.lock();
        try {
            return records.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).findFirst();
        } finally {
            lock.unlock();
        }
    }

    private boolean await(Duration timeout, java.util.function.BooleanSupplier done) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!cleared && !done.getAsBoolean()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return !cleared;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "CheckpointTracker[held=" + records.size() + ", max=" + maxInFlight + ", cleared=" + cleared + "]";
        } finally {
            lock.unlock();
        }
    }
}
