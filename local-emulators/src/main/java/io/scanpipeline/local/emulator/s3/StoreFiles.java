package io.scanpipeline.local.emulator.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads and writes the store's metadata files ({@code bucket.json}, one {@code .json} per version). */
final class StoreFiles {

    private static final System.Logger LOG = System.getLogger(StoreFiles.class.getName());

    /** The persisted form of a bucket. */
    record BucketFile(String name, long createdMillis, String versioning) {}

    private final ObjectMapper mapper;

    StoreFiles(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void writeBucket(Path bucketDir, BucketState bucket) throws IOException {
        writeAtomically(
                bucketDir.resolve("bucket.json"),
                mapper.writeValueAsBytes(new BucketFile(
                        bucket.name(),
                        bucket.created().toEpochMilli(),
                        bucket.versioning().name())));
    }

    void writeVersion(Path objectsDir, ObjectVersion version) throws IOException {
        writeAtomically(objectsDir.resolve(version.storageId() + ".json"), mapper.writeValueAsBytes(version));
    }

    /** Loads every bucket under {@code bucketsDir}; unreadable entries are logged and skipped. */
    List<BucketState> loadBuckets(Path bucketsDir) throws IOException {
        List<BucketState> loaded = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bucketsDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                Path file = dir.resolve("bucket.json");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    BucketFile b = mapper.readValue(file.toFile(), BucketFile.class);
                    BucketState bucket = new BucketState(
                            b.name(),
                            Instant.ofEpochMilli(b.createdMillis()),
                            BucketState.Versioning.valueOf(b.versioning()));
                    loadVersions(dir.resolve("objects"), bucket);
                    loaded.add(bucket);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "skipping unreadable bucket directory " + dir, e);
                }
            }
        }
        return loaded;
    }

    private void loadVersions(Path objectsDir, BucketState bucket) throws IOException {
        Files.createDirectories(objectsDir);
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(objectsDir, "*.json")) {
            for (Path meta : metas) {
                ObjectVersion v;
                try {
                    v = mapper.readValue(meta.toFile(), ObjectVersion.class);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "skipping unreadable version file " + meta, e);
                    continue;
                }
                if (!v.deleteMarker() && !Files.isRegularFile(objectsDir.resolve(v.storageId() + ".bin"))) {
                    LOG.log(Level.WARNING, "dropping version without data file: " + meta);
                    Files.deleteIfExists(meta);
                    continue;
                }
                bucket.keys().computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
            }
        }
        bucket.keys()
                .values()
                .forEach(list ->
                        list.sort(Comparator.comparingLong(ObjectVersion::seq).reversed()));
        Set<String> known = new HashSet<>();
        bucket.keys().values().forEach(list -> list.forEach(v -> known.add(v.storageId() + ".bin")));
        try (DirectoryStream<Path> data = Files.newDirectoryStream(objectsDir, "*.bin")) {
            for (Path file : data) {
                if (!known.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file); // left behind by a crash between data and metadata writes
                }
            }
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes {@code dir} and everything below it; missing is fine. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Deletes everything inside {@code dir} but keeps the directory. */
    static void deleteChildren(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                deleteTree(child);
            }
        }
    }
}
