package io.scanpipeline.local.emulator.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per table name. The proxy holds it from reading an item's old image until the new image is read, so the
 * two images around a write are exactly that write's; changing a table's stream takes it too.
 */
final class TableLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * Runs {@code action} holding the locks of {@code tables}, taken in name order so that two batch writes over
     * the same tables cannot deadlock.
     */
    <T> T withLocks(Collection<String> tables, Supplier<T> action) {
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (String table : new TreeSet<>(tables)) {
                ReentrantLock lock = locks.computeIfAbsent(table, name -> new ReentrantLock());
                lock.lock();
                held.add(lock);
            }
            return action.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }
}
