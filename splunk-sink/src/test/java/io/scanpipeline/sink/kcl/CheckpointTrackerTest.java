package io.scanpipeline.sink.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckpointTrackerTest {

    private static SequencePosition at(long sequence) {
        return new SequencePosition(java.math.BigInteger.valueOf(sequence), 0);
    }

    private static SequencePosition at(long sequence, long sub) {
        return new SequencePosition(java.math.BigInteger.valueOf(sequence), sub);
    }

    @Test
    void inOrderConfirmations_advanceTheCheckpointToTheLastConfirmed() {
        CheckpointTracker tracker = new CheckpointTracker(10);
        tracker.add(at(1));
        tracker.add(at(2));
        tracker.add(at(3));

        tracker.confirm(at(1));
        tracker.confirm(at(2));

        assertThat(tracker.takeCheckpoint()).contains(at(2));
        assertThat(tracker.takeCheckpoint()).as("nothing new since").isEmpty();
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void outOfOrderConfirmations_waitForTheGapThenJumpOverTheWholeRun() {
        CheckpointTracker tracker = new CheckpointTracker(10);
        for (long s = 1; s <= 5; s++) {
            tracker.add(at(s * 10));
        }
        tracker.confirm(at(50));
        tracker.confirm(at(30));
        tracker.confirm(at(20));

        assertThat(tracker.takeCheckpoint())
                .as("10 still in flight holds everything back")
                .isEmpty();
        assertThat(tracker.oldestUnconfirmed()).contains(at(10));

        tracker.confirm(at(10));

        assertThat(tracker.takeCheckpoint())
                .as("10, 20, 30 form a run; 40 is the next gap")
                .contains(at(30));
        assertThat(tracker.oldestUnconfirmed()).contains(at(40));
        tracker.confirm(at(40));
        assertThat(tracker.takeCheckpoint()).contains(at(50));
        assertThat(tracker.size()).isZero();
    }

    @Test
    void gapsInSequenceNumbers_areNotGapsInTheRun() {
        // Kinesis sequence numbers are far apart; only the records added count
        CheckpointTracker tracker = new CheckpointTracker(10);
        tracker.add(SequencePosition.of("49590338271490256608559692538361571095921575989136588802", 0));
        tracker.add(SequencePosition.of("49590338271490256608559692540925702759324208523137515618", 0));
        tracker.confirm(SequencePosition.of("49590338271490256608559692540925702759324208523137515618", 0));
        tracker.confirm(SequencePosition.of("49590338271490256608559692538361571095921575989136588802", 0));

        assertThat(tracker.takeCheckpoint())
                .map(SequencePosition::sequenceText)
                .contains("49590338271490256608559692540925702759324208523137515618");
    }

    @Test
    void subSequenceNumbers_orderRecordsOfOneAggregate() {
        CheckpointTracker tracker = new CheckpointTracker(10);
        tracker.add(at(7, 0));
        tracker.add(at(7, 1));
        tracker.add(at(7, 2));
        tracker.add(at(8, 0));

        tracker.confirm(at(7, 0));
        tracker.confirm(at(7, 2));
        assertThat(tracker.takeCheckpoint()).as("sub-record 1 still in flight").contains(at(7, 0));

        tracker.confirm(at(7, 1));
        assertThat(tracker.takeCheckpoint()).contains(at(7, 2));
        assertThatThrownBy(() -> tracker.add(at(7, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadLetteredRecord_holdsTheCheckpointUntilItsWriteIsConfirmed() {
        // the processor confirms a dead letter only after the dead-letter object is stored
        CheckpointTracker tracker = new CheckpointTracker(10);
        tracker.add(at(1));
        tracker.add(at(2)); // rejected by Splunk; dead-letter write pending
        tracker.add(at(3));
        tracker.confirm(at(1));
        tracker.confirm(at(3));

        assertThat(tracker.takeCheckpoint()).contains(at(1));
        assertThat(tracker.unconfirmed()).isEqualTo(1);

        tracker.confirm(at(2)); // dead letter stored
        assertThat(tracker.takeCheckpoint()).contains(at(3));
    }

    @Test
    void leaseLost_clearsWithoutCheckpoint_andIgnoresLateConfirmations() {
        CheckpointTracker tracker = new CheckpointTracker(10);
        tracker.add(at(1));
        tracker.add(at(2));
        tracker.confirm(at(1));

        tracker.clear();
        tracker.confirm(at(2));

        assertThat(tracker.takeCheckpoint())
                .as("a confirmed position is not checkpointed after the lease is gone")
                .isEmpty();
        assertThat(tracker.size()).isZero();
        assertThat(tracker.add(at(3))).as("nothing more is tracked").isFalse();
        assertThat(tracker.isCleared()).isTrue();
    }

    @Test
    void theBound_refusesAdds_andAwaitRoomBlocksUntilAConfirmationFreesOne() throws Exception {
        CheckpointTracker tracker = new CheckpointTracker(2);
        tracker.add(at(1));
        tracker.add(at(2));

        assertThat(tracker.hasRoom()).isFalse();
        assertThatThrownBy(() -> tracker.add(at(3))).isInstanceOf(IllegalStateException.class);
        assertThat(tracker.awaitRoom(Duration.ofMillis(50))).isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitRoom(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).as("still blocked").isNotDone();
        tracker.confirm(at(2));
        Thread.sleep(100);
        assertThat(waiting).as("a confirmation behind the gap frees no room").isNotDone();

        tracker.confirm(at(1));

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.add(at(3))).isTrue();
    }

    @Test
    void clear_wakesWaiters_withFalse() throws Exception {
        CheckpointTracker tracker = new CheckpointTracker(1);
        tracker.add(at(1));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitEmpty(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);

        tracker.clear();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void awaitEmpty_returnsWhenEverythingWasConfirmed() throws Exception {
        CheckpointTracker tracker = new CheckpointTracker(5);
        assertThat(tracker.awaitEmpty(Duration.ZERO)).as("empty from the start").isTrue();
        tracker.add(at(1));
        assertThat(tracker.awaitEmpty(Duration.ofMillis(20))).isFalse();
        tracker.confirm(at(1));
        assertThat(tracker.awaitEmpty(Duration.ZERO)).isTrue();
    }

    @Test
    void manyThreadsConfirmingInRandomOrder_endAtTheLastPosition() throws Exception {
        CheckpointTracker tracker = new CheckpointTracker(10_000);
        java.util.List<SequencePosition> positions = new java.util.ArrayList<>();
        for (long s = 1; s <= 5000; s++) {
            positions.add(at(s));
            tracker.add(at(s));
        }
        java.util.Collections.shuffle(positions, new java.util.Random(3));
        positions.parallelStream().forEach(tracker::confirm);

        assertThat(tracker.takeCheckpoint()).contains(at(5000));
        assertThat(tracker.size()).isZero();
    }

    @Test
    void boundBelowOne_isRejected() {
        assertThatThrownBy(() -> new CheckpointTracker(0)).isInstanceOf(IllegalArgumentException.class);
    }
    /** The tracker against the obvious model (a sorted map), over random adds, confirmations and checkpoints. */
    @Test
    void randomWork_givesTheCheckpointsOfASortedMap_acrossRingWrapsAndGrowth() {
        java.util.Random random = new java.util.Random(11);
        for (int bound : new int[] {1, 2, 7, 1500, 3000}) {
            CheckpointTracker tracker = new CheckpointTracker(bound);
            java.util.TreeMap<SequencePosition, Boolean> model = new java.util.TreeMap<>();
            SequencePosition modelCheckpoint = null;
            long next = 1;
            for (int step = 0; step < 40_000; step++) {
                int action = random.nextInt(10);
                if (action < 5 && model.size() < bound) {
                    next += 1 + random.nextInt(3);
                    SequencePosition position = at(next, random.nextInt(2));
                    assertThat(tracker.add(position)).isTrue();
                    model.put(position, false);
                } else if (action < 9) {
                    // a held position, or one never added, or one already gone
                    SequencePosition position = model.isEmpty() || random.nextInt(5) == 0
                            ? at(random.nextInt((int) next + 2), 0)
                            : new java.util.ArrayList<>(model.keySet()).get(random.nextInt(model.size()));
                    tracker.confirm(position);
                    if (model.replace(position, true) != null) {
                        while (!model.isEmpty() && model.firstEntry().getValue()) {
                            modelCheckpoint = model.pollFirstEntry().getKey();
                        }
                    }
                } else {
                    assertThat(tracker.takeCheckpoint().orElse(null)).isEqualTo(modelCheckpoint);
                    modelCheckpoint = null;
                }
                assertThat(tracker.size()).isEqualTo(model.size());
                assertThat(tracker.hasRoom()).isEqualTo(model.size() < bound);
            }
            assertThat(tracker.unconfirmed())
                    .isEqualTo((int) model.values().stream().filter(c -> !c).count());
            assertThat(tracker.oldestUnconfirmed())
                    .isEqualTo(model.entrySet().stream()
                            .filter(e -> !e.getValue())
                            .map(java.util.Map.Entry::getKey)
                            .findFirst());
        }
    }
}
