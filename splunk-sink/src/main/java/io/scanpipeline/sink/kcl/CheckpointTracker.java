package io.scanpipeline.sink.kcl;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which records of one shard may be checkpointed: the records in flight in shard order, each marked once the next
 * stage confirmed it (Splunk indexed it, or its dead letter was written). The checkpoint may advance to the end of the
 * unbroken run of confirmed records at the head and no further, so a record that is still in flight is
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

    private static final int INITIAL_CAPACITY = 1024;

    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // The records held, oldest first, in a ring: positions[(head + i) % capacity] for i < size, increasing (they are
    // added in shard order), so a position is found by binary search and the confirmed run leaves from the head.
    // Grows up to maxInFlight.
    private SequencePosition[] positions;
    private boolean[] confirmed;
    private int head;
    private int size;
    private SequencePosition lastAdded;
    private SequencePosition checkpointable;
    private boolean cleared;
    private long confirmations;

    /**
     * @param maxInFlight how many records may be held at once, at least 1
     */
    public CheckpointTracker(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        int capacity = Math.min(maxInFlight, INITIAL_CAPACITY);
        this.positions = new SequencePosition[capacity];
        this.confirmed = new boolean[capacity];
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
            if (size >= maxInFlight) {
                throw new IllegalStateException("in-flight bound " + maxInFlight + " reached; await room first");
            }
            if (lastAdded != null && position.compareTo(lastAdded) <= 0) {
                throw new IllegalArgumentException("position " + position + " is not after " + lastAdded);
            }
            if (size == positions.length) {
                grow();
            }
            int slot = slot(size);
            positions[slot] = position;
            confirmed[slot] = false;
            size++;
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
            int index = indexOf(position);
            if (index < 0) {
                return;
            }
            if (!confirmed[slot(index)]) {
                confirmations++;
            }
            confirmed[slot(index)] = true;
            boolean advanced = false;
            while (size > 0 && confirmed[head]) {
                checkpointable = positions[head];
                positions[head] = null;
                head = (head + 1) % positions.length;
                size--;
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
            return size < maxInFlight;
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
        return await(timeout, () -> size < maxInFlight);
    }

    /**
     * Waits until every record added was confirmed (none held).
     *
     * @return true when empty; false on timeout or when the tracker was cleared meanwhile
     */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        return await(timeout, () -> size == 0);
    }

    /**
     * Forgets everything without a checkpoint (the lease was lost: another worker owns the shard now). Later
     * confirmations are ignored, {@link #add} returns false and waiters return false.
     */
    public void clear() {
        lock.lock();
        try {
            cleared = true;
            Arrays.fill(positions, null);
            head = 0;
            size = 0;
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
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** How many records were confirmed so far: a count that moves whenever the next stage makes progress. */
    public long confirmations() {
        lock.lock();
        try {
            return confirmations;
        } finally {
            lock.unlock();
        }
    }

    /** Records held now that are not confirmed yet. */
    public int unconfirmed() {
        lock.lock();
        try {
            int count = 0;
            for (int i = 0; i < size; i++) {
                if (!confirmed[slot(i)]) {
                    count++;
                }
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** The first unconfirmed position, the one holding the checkpoint back, if any. */
    public Optional<SequencePosition> oldestUnconfirmed() {
        lock.lock();
        try {
            for (int i = 0; i < size; i++) {
                if (!confirmed[slot(i)]) {
                    return Optional.of(positions[slot(i)]);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** The ring slot of the {@code index}-th record held (0 = oldest). */
    private int slot(int index) {
        int slot = head + index;
        return slot < positions.length ? slot : slot - positions.length;
    }

    /**
     * The index of {@code position} among the records held, or -1. Confirmations mostly come in shard order, so the
     * oldest record is tried first; otherwise a binary search (the held positions are increasing).
     */
    private int indexOf(SequencePosition position) {
        if (size == 0) {
            return -1;
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = low == 0 && high == size - 1 ? 0 : (low + high) >>> 1;
            int order = positions[slot(mid)].compareTo(position);
            if (order == 0) {
                return mid;
            }
            if (order < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return -1;
    }

    /** Doubles the ring, up to the bound, moving the oldest record to slot 0. */
    private void grow() {
        int capacity = (int) Math.min((long) positions.length * 2, maxInFlight);
        SequencePosition[] movedPositions = new SequencePosition[capacity];
        boolean[] movedConfirmed = new boolean[capacity];
        for (int i = 0; i < size; i++) {
            movedPositions[i] = positions[slot(i)];
            movedConfirmed[i] = confirmed[slot(i)];
        }
        positions = movedPositions;
        confirmed = movedConfirmed;
        head = 0;
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
            return "CheckpointTracker[held=" + size + ", max=" + maxInFlight + ", cleared=" + cleared + "]";
        } finally {
            lock.unlock();
        }
    }
}
