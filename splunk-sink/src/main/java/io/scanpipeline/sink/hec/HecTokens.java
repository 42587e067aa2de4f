package io.scanpipeline.sink.hec;

import io.scanpipeline.core.StructuredLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client's current token and every token it has used (each is redacted from logs and messages). After an auth
 * failure {@link #reloadAfterRefusal(HecToken)} reads the source again; re-reads are spaced by
 * {@link #MIN_RELOAD_INTERVAL} so that many batches failing at once cost one read of Secrets Manager.
 */
final class HecTokens {

    /** The shortest time between two reads of the source after refusals. */
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(5);

    private final HecTokenSource source;
    private final StructuredLog log;
    private final List<HecToken> seen = new CopyOnWriteArrayList<>();
    private volatile HecToken current;
    private long lastReloadNanos;
    private boolean reloaded;

    HecTokens(HecToken initial, HecTokenSource source, StructuredLog log) {
        this.current = initial;
        this.source = source;
        this.log = log;
        seen.add(initial);
    }

    HecToken current() {
        return current;
    }

    /**
     * Called when HEC refused {@code refused}: returns a different token to retry with (one read again from the
     * source, or one another batch already switched to), or null when the source still holds the refused one.
     */
    synchronized HecToken reloadAfterRefusal(HecToken refused) {
        if (!current.equals(refused)) {
            return current;
        }
        long now = System.nanoTime();
        if (reloaded && now - lastReloadNanos < MIN_RELOAD_INTERVAL.toNanos()) {
            return null;
        }
        reloaded = true;
        lastReloadNanos = now;
        HecToken read;
        try {
            read = source.read();
        } catch (RuntimeException e) {
            log.error("hec_token_reload_failed", Map.of("error", redact(String.valueOf(e.getMessage()))));
            return null;
        }
        if (read == null || read.equals(refused)) {
            return null;
        }
        if (!seen.contains(read)) {
            seen.add(read);
        }
        current = read;
        log.info("hec_token_reloaded", Map.of("message", "HEC refused the token; a new one was read and is used"));
        return read;
    }

    /** {@code text} with every token this client has used masked. */
    String redact(String text) {
        String result = text;
        for (HecToken token : seen) {
            result = token.redact(result);
        }
        return result;
    }
}
