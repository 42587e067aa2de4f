package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only file of stream events (stream created, stream disabled, record appended), one JSON object per line,
 * so that a {@link LocalDynamoDb} with a persistence directory keeps its streams across restarts.
 */
final class StreamJournal implements AutoCloseable {

    static final String FILE_NAME = "dynamodb-streams.jsonl";

    private final Path file;
    private BufferedWriter writer;

    StreamJournal(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    /**
     * The events written so far. A last line cut short by a crash is skipped: the write it belonged to was
     * never acknowledged by a flush.
     */
    List<ObjectNode> load() {
        List<ObjectNode> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = EmulatorJson.mapper().readTree(line);
                    if (node instanceof ObjectNode event) {
                        events.add(event);
                    }
                } catch (JsonProcessingException truncated) {
                    // see method comment
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Replaces the file with {@code events} (dropping records past retention) and opens it for appending.
     * The rewrite goes through a temporary file so a crash leaves either the old or the new journal.
     */
    void rewriteAndOpen(List<ObjectNode> events) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (ObjectNode event : events) {
                    out.write(EmulatorJson.mapper().writeValueAsString(event));
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Appends events and flushes them to the OS, so they survive the JVM (not necessarily a power cut). */
    void append(List<ObjectNode> events) {
        try {
            for (ObjectNode event : events) {
                writer.write(EmulatorJson.mapper().writeValueAsString(event));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file, e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
