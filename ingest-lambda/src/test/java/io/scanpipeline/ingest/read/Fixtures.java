package io.scanpipeline.ingest.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Loads the third-party fixtures under {@code src/test/resources/fixtures} (see SOURCES.md there) and reads them. */
final class Fixtures {

    private Fixtures() {}

    /** Bytes of a fixture, e.g. {@code bytes("vuln-scans/grype-keycloak.json")}. */
    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Reads {@code data} with {@code reader}, keeping everything it reported (fine for test-sized inputs). */
    static Capture read(RecordReader reader, byte[] data) {
        Capture capture = new Capture();
        try {
            capture.summary = reader.read(new ByteArrayInputStream(data), capture);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return capture;
    }

    static Capture read(String spec, byte[] data) {
        return read(new RecordReader(RecordPaths.parse(spec)), data);
    }

    /**
     * The records a path spec selects, computed the simple way from the whole tree: the reference the streaming
     * reader is compared with. Paths are applied one after the other (fine when they do not overlap).
     */
    static List<JsonNode> expectedRecords(byte[] document, String spec) {
        try {
            JsonNode root = Json.mapper().readTree(document);
            List<JsonNode> out = new ArrayList<>();
            for (String path : RecordPaths.parse(spec).paths()) {
                List<String> segments =
                        path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
                collect(root, segments, out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, List<String> segments, List<JsonNode> out) {
        if (segments.isEmpty()) {
            if (node.isArray()) {
                node.forEach(out::add);
            } else if (!node.isNull()) {
                out.add(node);
            }
            return;
        }
        String head = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        if (head.equals("*")) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) { // array elements or member values
                collect(it.next(), rest, out);
            }
        } else if (node.isObject() && node.has(head)) {
            collect(node.get(head), rest, out);
        }
    }

    /** A visitor that keeps what it is given. */
    static class Capture implements RecordVisitor {
        final List<SourceRecord> records = new ArrayList<>();
        final List<MalformedInput> malformed = new ArrayList<>();
        ReadSummary summary;

        @Override
        public void record(SourceRecord record) {
            records.add(record);
        }

        @Override
        public void malformed(MalformedInput problem) {
            malformed.add(problem);
        }

        List<JsonNode> values() {
            return records.stream().map(SourceRecord::value).toList();
        }
    }
}
