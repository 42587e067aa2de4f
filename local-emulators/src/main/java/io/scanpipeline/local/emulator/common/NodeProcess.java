package io.scanpipeline.local.emulator.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Node.js emulator running as a child process of this JVM, listening on a loopback port.
 *
 * <p>Its stdout and stderr go to a log file (never to a pipe: a pipe nobody drains would block the child once the
 * OS buffer is full). The process tree is killed on {@link #close()} and, as a safety net, by a JVM shutdown hook so
 * that a test run that dies does not leave emulators behind.
 */
public final class NodeProcess implements AutoCloseable {

    /** System property: set to {@code true} to keep the emulators' log files after they were stopped. */
    static final String KEEP_LOGS = "scanpipeline.emulator.keepLogs";

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private NodeProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::destroyTree, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code node <args>} and waits until {@code port} on 127.0.0.1 accepts connections.
     *
     * @param name       short name used for the log file and in error messages
     * @param args       arguments after the {@code node} executable (script first)
     * @param env        extra environment variables for the child
     * @param workingDir working directory of the child
     * @param port       the port the child was told to listen on
     * @param timeout    how long to wait for the port
     */
    public static NodeProcess start(
            String name, List<String> args, Map<String, String> env, Path workingDir, int port, Duration timeout) {
        Path logFile;
        Process process;
        try {
            logFile = Files.createTempFile("scan-pipeline-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(concat(NodePackages.nodeExecutable(), args))
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot start " + name + " with node: " + e.getMessage()
                            + ". Node.js must be installed and on the PATH.",
                    e);
        }
        NodeProcess started = new NodeProcess(name, process, logFile);
        try {
            started.awaitPort(port, timeout);
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    /** The file holding the child's stdout and stderr; deleted on close unless {@value #KEEP_LOGS} is true. */
    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before listening on port " + port + ". Log " + logFile + ":\n" + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException(
                name + " did not listen on port " + port + " within " + timeout + ". Log " + logFile + ":\n" + tail());
    }

    /** The last part of the log, for error messages. */
    public String tail() {
        try {
            String text = Files.readString(logFile, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(log unavailable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        destroyTree();
        afterStop();
    }

    /**
     * Waits (at most {@code maxWait}) until {@code ready} holds while the child keeps running normally, then kills
     * it at once. For a child that saves its state periodically but whose own shutdown is slow.
     */
    public void killWhen(BooleanSupplier ready, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (process.isAlive() && !ready.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        afterStop();
    }

    private void afterStop() {
        // Every start writes a log; deleting them keeps test runs from filling the temp directory. A failed start
        // has already put the log's tail into its exception.
        if (!Boolean.getBoolean(KEEP_LOGS)) {
            try {
                Files.deleteIfExists(logFile);
            } catch (IOException e) {
                // Left behind; harmless.
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from another shutdown hook: ours runs anyway and is harmless.
        }
    }

    private void destroyTree() {
        // Children first, so none is re-parented and survives its parent.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream())
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the emulator", e);
        }
    }
}
