package io.scanpipeline.local.emulator.hec;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link HecReceiver} standalone until interrupted.
 *
 * <p>Arguments, all optional and positional: {@code port} (default 8088), {@code token} (default
 * {@code local-hec-token}), {@code ack} ({@code true}/{@code false}, default false), {@code outputFile} (default
 * {@code hec-events.ndjson}). Events go only to the file, not to memory, so long runs do not grow the heap.
 */
public final class HecReceiverMain {

    private HecReceiverMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8088;
        String token = args.length > 1 ? args[1] : "local-hec-token";
        boolean ack = args.length > 2 && Boolean.parseBoolean(args[2]);
        Path output = Path.of(args.length > 3 ? args[3] : "hec-events.ndjson");
        HecReceiverConfig config = HecReceiverConfig.builder()
                .port(port).token(token, ack).outputFile(output).keepEventsInMemory(false).build();
        CountDownLatch stopped = new CountDownLatch(1);
        try (HecReceiver receiver = HecReceiver.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            // the token is the operator's own argument; print only where events go, never the token
            System.out.println("HEC receiver on " + receiver.endpoint() + " (ack " + ack + "), events to "
                    + output.toAbsolutePath());
            stopped.await();
        }
    }
}
