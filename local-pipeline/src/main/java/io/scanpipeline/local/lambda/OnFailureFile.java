package io.scanpipeline.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local stand-in for an on-failure destination: appends one JSON line per discarded batch
 * ({@link DiscardedBatch#toJson()}) to a file, creating the file and its directory on first use. Thread-safe; shared
 * by the shards of one mapping.
 */
final class OnFailureFile {

    private final Path file;

    OnFailureFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /**
     * Appends the batch's line and returns once it is written to the OS.
     *
     * @throws UncheckedIOException when it cannot be written; the caller must not move on past the batch then
     */
    synchronized void append(DiscardedBatch batch) {
        try {
            String line = Json.mapper().writeValueAsString(batch.toJson()) + "\n";
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an on-failure record could not be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the on-failure file " + file, e);
        }
    }

    Path file() {
        return file;
    }
}
