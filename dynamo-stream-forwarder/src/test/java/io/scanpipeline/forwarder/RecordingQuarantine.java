package io.scanpipeline.forwarder;

import java.util.ArrayList;
import java.util.List;

/** A fake {@link Quarantine} that keeps entries in memory, or fails every write when told to. */
final class RecordingQuarantine implements Quarantine {

    final List<QuarantineEntry> entries = new ArrayList<>();
    private final boolean failing;

    RecordingQuarantine(boolean failing) {
        this.failing = failing;
    }

    @Override
    public void put(QuarantineEntry entry) {
        if (failing) {
            throw new IllegalStateException("quarantine bucket unreachable (fake)");
        }
        entries.add(entry);
    }
}
