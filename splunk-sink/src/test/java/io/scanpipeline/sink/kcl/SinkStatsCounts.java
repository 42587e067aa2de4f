package io.scanpipeline.sink.kcl;

/** Sets {@link SinkStats} counters from tests outside the package (the processor updates them in production). */
public final class SinkStatsCounts {

    private SinkStatsCounts() {}

    public static void delivered(SinkStats stats, int events) {
        stats.delivered(events);
    }

    public static void deadLettered(SinkStats stats, int records) {
        stats.deadLettered(records);
    }

    public static void shardRead(SinkStats stats, String shardId, long millisBehindLatest) {
        stats.shardRead(shardId, millisBehindLatest, false);
    }
}
