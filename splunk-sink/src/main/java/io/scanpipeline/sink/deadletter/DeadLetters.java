package io.scanpipeline.sink.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Backoff;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.RejectStore;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.sink.kcl.SequencePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes dead letters of one application to a {@link RejectStore}: one object per group (the rejected events of one
 * HEC batch, or the unreadable records of one read), one JSON line per record ({@link DeadLetter#toJson()}).
 *
 * <p>Object names are derived from the data, so writing the same group again (a retry after a failed or unanswered
 * PUT, or a second worker) overwrites the object instead of adding a copy:
 * {@code <prefix><application>/<shardId>/<first position>_<last position>.jsonl}, e.g.
 * {@code dead-letter/scan-sink/shardId-000000000001/4968...00034_4968...00051.jsonl}. After a crash a re-read may
 * group records differently; every line carries shard and sequence number, so readers ({@code RedriveDeadLetters})
 * deduplicate on those.
 *
 * <p>{@link #write} retries a failed write with exponential backoff until it succeeds or this object is closed: a dead
 * letter is confirmed (and its record checkpointed) only after it is stored.
 */
public final class DeadLetters implements AutoCloseable {

    private final RejectStore store;
    private final String prefix;
    private final String application;
    private final Backoff backoff;
    private final StructuredLog log;
    private final ScheduledExecutorService executor;

    /**
     * @param prefix      key prefix, e.g. {@code dead-letter/} ({@code DEAD_LETTER_PREFIX})
     * @param application the KCL application name, keeping the dead letters of a replay apart
     * @param backoff     delays between write attempts (its attempt count is ignored: writes retry until closed)
     */
    public DeadLetters(RejectStore store, String prefix, String application, Backoff backoff, StructuredLog log) {
        this.store = store;
        this.prefix = prefix;
        this.application = application;
        this.backoff = backoff;
        this.log = log;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dead-letters");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** A writer with the default backoff: 1 s doubling to 60 s. */
    public static DeadLetters create(RejectStore store, String prefix, String application, StructuredLog log) {
        return new DeadLetters(
                store,
                prefix,
                application,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Integer.MAX_VALUE),
                log);
    }

    /** The object key for {@code letters} of one shard (see the class comment). */
    public String objectKey(String shardId, List<DeadLetter> letters) {
        List<DeadLetter> sorted = sorted(letters);
        SequencePosition first = sorted.get(0).position();
        SequencePosition last = sorted.get(sorted.size() - 1).position();
        return prefix + application + "/" + shardId + "/" + first + "_" + last + ".jsonl";
    }

    /**
     * Stores {@code letters} (all of one shard) as one object, retrying until stored.
     *
     * @return completes with the object key once stored; exceptionally with {@link CancellationException} when
     *         closed first
     */
    public CompletableFuture<String> write(String shardId, List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            throw new IllegalArgumentException("no dead letters to write");
        }
        CompletableFuture<String> stored = new CompletableFuture<>();
        String key = objectKey(shardId, letters);
        byte[] body = toJsonLines(sorted(letters));
        executor.execute(() -> attempt(key, body, 1, stored));
        return stored;
    }

    /** Stores {@code letters} now, once, on the calling thread; for tools. */
    public String writeNow(String shardId, List<DeadLetter> letters) {
        String key = objectKey(shardId, letters);
        store.put(key, toJsonLines(sorted(letters)));
        return key;
    }

    /** The lines of a dead-letter object. */
    public static List<DeadLetter> parse(byte[] body) {
        List<DeadLetter> letters = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode json = Json.mapper().readTree(line);
                letters.add(DeadLetter.fromJson(json));
            } catch (IOException e) {
                throw new UncheckedIOException("not a dead-letter line: " + e.getMessage(), e);
            }
        }
        return letters;
    }

    /** Stops retrying; unstored groups complete with {@link CancellationException}. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void attempt(String key, byte[] body, int attempt, CompletableFuture<String> stored) {
        try {
            store.put(key, body);
            stored.complete(key);
            log.info("dead_letters_written", Map.of("object", store.location() + "/" + key, "attempts", attempt));
        } catch (RuntimeException e) {
            Duration delay = backoff.delay(attempt);
            log.error(
                    "dead_letter_write_failed",
                    Map.of(
                            "object",
                            store.location() + "/" + key,
                            "attempt",
                            attempt,
                            "retryInMs",
                            delay.toMillis(),
                            "error",
                            String.valueOf(e)));
            try {
                executor.schedule(
                        () -> attempt(key, body, attempt + 1, stored), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                stored.completeExceptionally(
                        new CancellationException("dead letters closed before " + key + " was stored"));
            }
        }
    }

    private static List<DeadLetter> sorted(List<DeadLetter> letters) {
        return letters.stream()
                .sorted(Comparator.comparing(DeadLetter::position))
                .toList();
    }

    private static byte[] toJsonLines(List<DeadLetter> letters) {
        StringBuilder lines = new StringBuilder();
        for (DeadLetter letter : letters) {
            lines.append(letter.toJson()).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
