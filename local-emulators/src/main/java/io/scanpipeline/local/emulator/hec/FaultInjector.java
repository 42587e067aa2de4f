package io.scanpipeline.local.emulator.hec;

import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Draws the receiver's injected faults; replacing the faults reseeds the random source. */
final class FaultInjector {

    private HecFaults faults;
    private Random random;

    FaultInjector(HecFaults faults) {
        set(faults);
    }

    synchronized void set(HecFaults value) {
        this.faults = value;
        this.random = new Random(value.seed());
    }

    synchronized HecFaults get() {
        return faults;
    }

    /** True with the probability that {@code rate} reads from the current faults. */
    synchronized boolean draw(ToDoubleFunction<HecFaults> rate) {
        double p = rate.applyAsDouble(faults);
        // no draw at rate 0, so that turning one fault on does not shift the sequence of another
        return p > 0 && random.nextDouble() < p;
    }

    /** Sleeps for the configured response delay. */
    void delay() throws InterruptedException {
        long millis = get().responseDelay().toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
