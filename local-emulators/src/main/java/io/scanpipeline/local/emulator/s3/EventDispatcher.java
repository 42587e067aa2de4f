package io.scanpipeline.local.emulator.s3;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands object events to listeners on one dedicated thread, in publication order, and issues S3-like sequencers.
 */
final class EventDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final List<S3EventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lastSequence = new AtomicLong();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "local-s3-events");
        t.setDaemon(true);
        return t;
    });

    void add(S3EventListener listener) {
        listeners.add(listener);
    }

    void remove(S3EventListener listener) {
        listeners.remove(listener);
    }

    /**
     * The next sequencer: 18 upper-case hex digits of a counter that is at least the wall clock in milliseconds
     * times 10^6 and grows strictly with every call, so sequencers keep increasing within a server and, unless the
     * clock goes back, across restarts on the same data directory.
     */
    String nextSequencer() {
        long now = System.currentTimeMillis() * 1_000_000L;
        long value = lastSequence.updateAndGet(previous -> Math.max(previous + 1, now));
        return String.format(Locale.ROOT, "%018X", value);
    }

    /** Builds an event with a fresh sequencer; call while holding the lock that orders changes to the key. */
    S3ObjectEvent event(String eventName, String bucket, ObjectVersion version, Instant time) {
        boolean created = eventName.startsWith("ObjectCreated:");
        return new S3ObjectEvent(
                eventName,
                bucket,
                version.key(),
                created ? version.size() : 0,
                created ? version.eTag() : null,
                version.visibleVersionId(),
                nextSequencer(),
                time);
    }

    /** Queues delivery of {@code event} to the current listeners; never blocks and never calls a listener. */
    void publish(S3ObjectEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "event dropped after close: {0}", event);
        }
    }

    private void deliver(S3ObjectEvent event) {
        for (S3EventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "S3 event listener " + listener + " failed on " + event, e);
            }
        }
    }

    /** Delivers the events already queued (waiting up to 10 s), then stops the event thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
