package io.scanpipeline.sink.kcl;

import io.scanpipeline.core.StructuredLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.exceptions.DependencyException;
import software.amazon.kinesis.leases.exceptions.InvalidStateException;
import software.amazon.kinesis.leases.exceptions.ProvisionedThroughputException;

/**
 * Gives away the leases of a worker that stopped gracefully, so that their shards move at once instead of after
 * KCL's failover time (KCL 3.5 keeps them on a graceful shutdown until they expire, and then the leader's next
 * assignment run, so a shard stalls for {@code FAILOVER_TIME} plus up to {@code LEASE_ASSIGNMENT_INTERVAL}).
 *
 * <p>Run only after the scheduler's graceful shutdown finished: the processors have checkpointed what Splunk
 * confirmed and the lease renewer has stopped. Each lease goes to the other worker that holds the fewest leases
 * ({@link LeaseRefresher#assignLease}, which the new owner discovers on its next lease scan), or, when no other
 * worker holds any, is evicted (owner removed) for the leader to assign. Both are conditional writes on the lease
 * as read: a lease that changed meanwhile is left alone and expires as before. What was not checkpointed is read
 * again by the next owner (at-least-once).
 */
public final class LeaseHandOver {

    /** What happened to each lease this worker held: shard -> new owner, or {@code (unassigned)}. */
    public record Result(Map<String, String> movedTo, List<String> failed) {}

    private LeaseHandOver() {}

    /** Hands over every lease {@code workerId} still holds in {@code refresher}'s table. */
    public static Result handOver(LeaseRefresher refresher, String workerId, StructuredLog log) {
        Objects.requireNonNull(workerId, "workerId");
        Map<String, String> movedTo = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        List<Lease> leases;
        try {
            leases = refresher.listLeases();
        } catch (DependencyException | InvalidStateException | ProvisionedThroughputException e) {
            log.warn("lease_hand_over_failed", Map.of("workerId", workerId, "error", String.valueOf(e)));
            return new Result(movedTo, List.of("*"));
        }
        Map<String, Integer> others = new TreeMap<>();
        for (Lease lease : leases) {
            if (lease.leaseOwner() != null && !lease.leaseOwner().equals(workerId)) {
                others.merge(lease.leaseOwner(), 1, Integer::sum);
            }
        }
        for (Lease lease : leases) {
            if (!workerId.equals(lease.leaseOwner())
                    || lease.checkpoint() != null && lease.checkpoint().isShardEnd()) {
                continue;
            }
            String next = others.entrySet().stream()
                    .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .orElse(null);
            try {
                boolean done = next != null ? refresher.assignLease(lease, next) : refresher.evictLease(lease);
                if (done) {
                    movedTo.put(lease.leaseKey(), next != null ? next : "(unassigned)");
                    if (next != null) {
                        others.merge(next, 1, Integer::sum);
                    }
                } else {
                    failed.add(lease.leaseKey());
                }
            } catch (DependencyException | InvalidStateException | ProvisionedThroughputException e) {
                failed.add(lease.leaseKey());
            }
        }
        log.info("leases_handed_over", Map.of("workerId", workerId, "movedTo", movedTo, "failed", failed));
        return new Result(movedTo, failed);
    }
}
