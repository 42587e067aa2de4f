package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.snapshot.ScopeIndex;
import io.scanpipeline.ingest.snapshot.ScopeRetirement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The child JVM of figure 9: retires a snapshot scope of N items with the ingest's {@link ScopeRetirement} over a
 * synthetic {@link ScopeIndex} (our paging/deleting port: the items are numbers 0..N-1 and one bit each, not held
 * as keys; pages are built on demand as the index would send them), and prints {@code RESULT {json}} with the time
 * and the largest heap occupancy after any collection. Every 1,000th item answers its delete's condition as failed
 * (a newer scan rewrote it), as a lagging index would list it.
 *
 * <p>Arguments: items, page size, deletes in flight.
 */
public final class RetirementProbe {

    private RetirementProbe() {}

    /** N items of one scope, each older than the cutoff until deleted. */
    static final class SyntheticScope implements ScopeIndex {
        private final int items;
        private final BitSet gone;

        SyntheticScope(int items) {
            this.items = items;
            this.gone = new BitSet(items);
        }

        @Override
        public Page olderThan(String scope, String cutoff, Map<String, AttributeValue> start, int limit) {
            int from = start == null ? 0 : Integer.parseInt(start.get("i").n()) + 1;
            List<Map<String, AttributeValue>> keys = new ArrayList<>(limit);
            int i = from;
            for (; i < items && keys.size() < limit; i++) {
                if (!gone.get(i)) {
                    keys.add(Map.of("pk", AttributeValue.fromS(String.format("img#CVE-%09d#pkg", i))));
                }
            }
            return new Page(
                    keys,
                    i < items
                            ? Optional.of(Map.of("i", AttributeValue.fromN(Integer.toString(i - 1))))
                            : Optional.empty());
        }

        @Override
        public boolean deleteIfOlder(Map<String, AttributeValue> key, String cutoff) {
            String pk = key.get("pk").s();
            int i = Integer.parseInt(pk.substring(8, 17));
            if (i % 1000 == 999) {
                return false; // rewritten by a newer scan since the index listed it
            }
            synchronized (gone) {
                gone.set(i);
            }
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        int items = Integer.parseInt(args[0]);
        int pageSize = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        SyntheticScope scope = new SyntheticScope(items);
        MemoryProbe.GcWatch watch = new MemoryProbe.GcWatch();
        System.gc();
        Thread.sleep(200);
        watch.reset();
        long start = System.nanoTime();
        ScopeRetirement.Result result;
        try (ScopeRetirement retirement = new ScopeRetirement(scope, pageSize, concurrency)) {
            result = retirement.retire("rule:trivy/|img", "999999999999999|z", () -> false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(200);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("items", items);
        out.put("retired", result.retired());
        out.put("conditionFailed", result.conditionFailed());
        out.put("pages", result.pages());
        out.put("seconds", seconds);
        out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        out.put("peakAfterGcBytes", watch.peakAfterGc.get());
        out.put("collections", watch.collections.get());
        System.out.println("RESULT " + out);
        System.exit(0);
    }
}
