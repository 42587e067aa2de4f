package io.scanpipeline.deploy;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An environment map that records every variable name the code looks up, whether or not it is set: handing it to a
 * {@code fromEnv} method tells exactly which variables that code reads. Iterating over the whole map is refused, as
 * it would read variables the recording cannot name.
 */
final class RecordingEnv extends AbstractMap<String, String> {

    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    RecordingEnv(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** Every name looked up so far. */
    Set<String> read() {
        return Collections.unmodifiableSet(read);
    }

    @Override
    public String get(Object key) {
        read.add((String) key);
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        read.add((String) key);
        return values.containsKey(key);
    }

    @Override
    public String getOrDefault(Object key, String defaultValue) {
        read.add((String) key);
        return values.getOrDefault(key, defaultValue);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        throw new UnsupportedOperationException(
                "the code iterates over the whole environment; the test cannot " + "tell which variables it uses");
    }
}
