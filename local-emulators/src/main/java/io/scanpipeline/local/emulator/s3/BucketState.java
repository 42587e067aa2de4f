package io.scanpipeline.local.emulator.s3;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A bucket in memory: its versioning state and, per key, its versions newest first. Guarded by the store. */
final class BucketState {

    /** The versioning state of a bucket. */
    enum Versioning {
        /** Never enabled: one "null" version per key, deletes remove it. */
        UNVERSIONED,
        ENABLED,
        SUSPENDED
    }

    private final String name;
    private final Instant created;
    private Versioning versioning;
    private final NavigableMap<String, List<ObjectVersion>> keys = new TreeMap<>(S3Text.KEY_ORDER);

    BucketState(String name, Instant created, Versioning versioning) {
        this.name = name;
        this.created = created;
        this.versioning = versioning;
    }

    String name() {
        return name;
    }

    Instant created() {
        return created;
    }

    Versioning versioning() {
        return versioning;
    }

    void versioning(Versioning state) {
        this.versioning = state;
    }

    /** Keys in S3 listing order; each list is non-empty and ordered newest version first. */
    NavigableMap<String, List<ObjectVersion>> keys() {
        return keys;
    }
}
