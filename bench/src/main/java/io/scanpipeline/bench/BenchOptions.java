package io.scanpipeline.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options and the sizes that follow from them. {@code --quick} shrinks every workload so that the
 * whole run takes about five minutes; the full run takes about twenty. Figure 7 (end-to-end latency) runs in real
 * time and adds about 2 minutes to a quick run and 5 to a full one.
 *
 * @param quick         small workloads, for a smoke run
 * @param jmh           run the JMH codec microbenchmarks instead of the figures
 * @param out           where the JSON goes
 * @param only          figure numbers to run (empty: all)
 * @param repetitions   measured repetitions per figure (after one warm-up)
 * @param ingestRecords records in the ingest file (figures 1-3)
 * @param naiveRecords  records in the prefix file the naive Lambda ingests (figure 1b)
 * @param smallFileBytes the small file of the memory figure
 * @param largeFileBytes the large file of the memory figure
 * @param streamRecords stream records forwarded (figure 5)
 * @param hecEvents     events sent to HEC (figure 6; a third of them through the record processor, 6p): a run must
 *                      last seconds, not the one second 100,000 events take, or the wait for the last ack poll
 *                      (up to 100 ms) weighs on the acks-on figure
 * @param kclEvents     events in the stream the KCL sink reads (figure 6k)
 * @param coldStarts    measured cold starts per handler and JVM setting (figure 8), after one warm-up
 * @param e2eRepetitions measured repetitions of figure 7 (fewer than the others: a steady phase takes a minute),
 *                       after one warm-up burst
 * @param e2eSteadyObjects objects per repetition uploaded at 100 objects/minute (figure 7a)
 * @param e2eBurstObjects objects per repetition in the saturation burst and in the run at capacity (figure 7b, 7c)
 */
public record BenchOptions(
        boolean quick,
        boolean jmh,
        Path out,
        Set<Integer> only,
        int repetitions,
        int ingestRecords,
        int naiveRecords,
        long smallFileBytes,
        long largeFileBytes,
        int streamRecords,
        int hecEvents,
        int kclEvents,
        int coldStarts,
        int e2eRepetitions,
        int e2eSteadyObjects,
        int e2eBurstObjects) {

    /**
     * The options for the command line's choices (see {@link BenchMain}); {@code out} and {@code reps} may be null
     * for their defaults.
     */
    public static BenchOptions of(boolean quick, boolean jmh, Path out, Set<Integer> only, Integer reps) {
        if (out == null) {
            out = Path.of("bench", "results", jmh ? "jmh-latest.json" : "latest.json");
        }
        int repetitions = reps != null ? reps : quick ? 3 : 5;
        if (repetitions < 1) {
            throw new IllegalArgumentException("--reps must be at least 1");
        }
        for (int figure : only) {
            if (figure < 1 || figure > 9) {
                throw new IllegalArgumentException("--only takes figures 1-9, got " + figure);
            }
        }
        only = new TreeSet<>(only);
        // figure 7 (about 2 min quick, 5 min full): at 100 objects/min 20 objects take 12 s, 100 objects a minute
        int e2eRepetitions = reps != null ? reps : quick ? 2 : 3;
        if (quick) {
            return new BenchOptions(
                    true,
                    jmh,
                    out,
                    only,
                    repetitions,
                    10_000,
                    300,
                    10L << 20,
                    100L << 20,
                    1_000,
                    60_000,
                    3_000,
                    2,
                    e2eRepetitions,
                    20,
                    40);
        }
        return new BenchOptions(
                false,
                jmh,
                out,
                only,
                repetitions,
                100_000,
                5_000,
                10L << 20,
                1L << 30,
                3_000,
                300_000,
                6_000,
                7,
                e2eRepetitions,
                100,
                150);
    }

    /** Whether figure {@code n} is to run. */
    public boolean runs(int n) {
        return only.isEmpty() || only.contains(n);
    }

    /** The settings, for the JSON. */
    public Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("quick", quick);
        map.put("repetitionsPerFigure", repetitions);
        map.put("warmUpRepetitions", 1);
        map.put("ingestRecords", ingestRecords);
        map.put("naiveRecords", naiveRecords);
        map.put("memorySmallFileBytes", smallFileBytes);
        map.put("memoryLargeFileBytes", largeFileBytes);
        map.put("streamRecords", streamRecords);
        map.put("hecEvents", hecEvents);
        map.put("kclEvents", kclEvents);
        map.put("coldStartsPerHandler", coldStarts);
        map.put("endToEndRepetitions", e2eRepetitions);
        map.put("endToEndSteadyObjects", e2eSteadyObjects);
        map.put("endToEndBurstObjects", e2eBurstObjects);
        map.put("only", only);
        return map;
    }
}
