package io.scanpipeline.sink.deadletter;

import io.scanpipeline.core.RejectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link RejectStore} that can be told to fail its next puts. */
public final class FakeRejectStore implements RejectStore {

    private final Map<String, byte[]> objects = new TreeMap<>();
    private final List<String> puts = new ArrayList<>();
    private final AtomicInteger failNextPuts = new AtomicInteger();

    /** The next {@code count} puts throw, as S3 answering 503 would. */
    public void failNextPuts(int count) {
        failNextPuts.set(count);
    }

    @Override
    public synchronized void put(String key, byte[] body) {
        puts.add(key);
        if (failNextPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected failure: SlowDown");
        }
        objects.put(key, body.clone());
    }

    @Override
    public synchronized byte[] get(String key) {
        byte[] body = objects.get(key);
        if (body == null) {
            throw new IllegalArgumentException("NoSuchKey " + key);
        }
        return body.clone();
    }

    @Override
    public synchronized List<String> list(String prefix) {
        return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
    }

    @Override
    public String location() {
        return "fake://dead-letters";
    }

    /** Every put attempted, in order, failed ones included. */
    public synchronized List<String> puts() {
        return List.copyOf(puts);
    }
}
