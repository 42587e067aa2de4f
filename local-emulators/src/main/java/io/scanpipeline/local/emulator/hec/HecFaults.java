package io.scanpipeline.local.emulator.hec;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults a {@link HecReceiver} injects, each as a probability in [0, 1] drawn from a {@link java.util.Random} seeded
 * with {@link #seed()} so that a single-threaded run is reproducible.
 *
 * @param busyRate            share of data requests answered 503 code 9 (server is busy)
 * @param tooManyRequestsRate share of data requests answered HTTP 429 with a plain-text body, as a load balancer would
 * @param lostAckRate         share of accepted requests (acks on) whose ackId never becomes true; their events are
 *                            not stored, as if lost before indexing
 * @param ackUnavailableRate  share of ack polls answered 503 code 19 (ack service unavailable)
 * @param connectionResetRate share of requests whose connection is closed without any response, after the body was
 *                            read and before anything is stored. JDK HttpServer cannot send a TCP reset; the handler
 *                            throws an IOException instead, on which HttpServer closes the connection without a
 *                            status line, so the client sees the connection drop as after a reset
 * @param responseDelay       delay before every answer (also before a reset)
 * @param seed                seed of the random draws
 */
public record HecFaults(
        double busyRate,
        double tooManyRequestsRate,
        double lostAckRate,
        double ackUnavailableRate,
        double connectionResetRate,
        Duration responseDelay,
        long seed) {

    public HecFaults {
        requireRate("busyRate", busyRate);
        requireRate("tooManyRequestsRate", tooManyRequestsRate);
        requireRate("lostAckRate", lostAckRate);
        requireRate("ackUnavailableRate", ackUnavailableRate);
        requireRate("connectionResetRate", connectionResetRate);
        Objects.requireNonNull(responseDelay, "responseDelay");
        if (responseDelay.isNegative()) {
            throw new IllegalArgumentException("responseDelay must not be negative");
        }
    }

    /** No faults at all. */
    public static HecFaults none() {
        return new HecFaults(0, 0, 0, 0, 0, Duration.ZERO, 42);
    }

    /** A copy with {@code busyRate} replaced. */
    public HecFaults withBusyRate(double rate) {
        return new HecFaults(
                rate, tooManyRequestsRate, lostAckRate, ackUnavailableRate, connectionResetRate, responseDelay, seed);
    }

    /** A copy with {@code tooManyRequestsRate} replaced. */
    public HecFaults withTooManyRequestsRate(double rate) {
        return new HecFaults(busyRate, rate, lostAckRate, ackUnavailableRate, connectionResetRate, responseDelay, seed);
    }

    /** A copy with {@code lostAckRate} replaced. */
    public HecFaults withLostAckRate(double rate) {
        return new HecFaults(
                busyRate, tooManyRequestsRate, rate, ackUnavailableRate, connectionResetRate, responseDelay, seed);
    }

    /** A copy with {@code ackUnavailableRate} replaced. */
    public HecFaults withAckUnavailableRate(double rate) {
        return new HecFaults(
                busyRate, tooManyRequestsRate, lostAckRate, rate, connectionResetRate, responseDelay, seed);
    }

    /** A copy with {@code connectionResetRate} replaced. */
    public HecFaults withConnectionResetRate(double rate) {
        return new HecFaults(busyRate, tooManyRequestsRate, lostAckRate, ackUnavailableRate, rate, responseDelay, seed);
    }

    /** A copy with {@code responseDelay} replaced. */
    public HecFaults withResponseDelay(Duration delay) {
        return new HecFaults(
                busyRate, tooManyRequestsRate, lostAckRate, ackUnavailableRate, connectionResetRate, delay, seed);
    }

    /** A copy with {@code seed} replaced. */
    public HecFaults withSeed(long newSeed) {
        return new HecFaults(
                busyRate,
                tooManyRequestsRate,
                lostAckRate,
                ackUnavailableRate,
                connectionResetRate,
                responseDelay,
                newSeed);
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
        }
    }
}
