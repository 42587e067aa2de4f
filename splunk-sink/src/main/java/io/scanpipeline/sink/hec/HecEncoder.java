package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.scanpipeline.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;

/** The bytes on the wire: event JSON, raw lines, request bodies (optionally gzip) and the raw query string. */
final class HecEncoder {

    private HecEncoder() {}

    /** One event as the configured endpoint wants it: a JSON object, or a raw line ending in a newline. */
    static byte[] encode(HecEvent event, HecConfig config) {
        if (config.endpoint() == HecConfig.EndpointKind.RAW) {
            String line = event.event() == null
                    ? ""
                    : event.event().isTextual() ? event.event().asText() : json(event.event());
            // a raw event is one line: newlines inside would split it into several events
            return (line.replace("\r", " ").replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8);
        }
        // written straight from the event, no tree in between (a raw JSON payload is copied as is), into a recycled
        // buffer as ObjectMapper.writeValueAsBytes does: the one array allocated is the result
        BufferRecycler recycler = Json.mapper().getFactory()._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator json = Json.mapper().createGenerator(bytes)) {
                event.writeTo(json, config);
            }
            return bytes.getClearAndRelease();
        } catch (IOException e) {
            // in-memory streams do not fail
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /** The body for the events at {@code indexes}: written back to back (no array, no commas), gzip if asked. */
    static byte[] body(HecBatch batch, List<Integer> indexes, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (gzip) {
                try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                    for (int index : indexes) {
                        out.write(batch.encoded(index));
                    }
                }
            } else {
                for (int index : indexes) {
                    bytes.write(batch.encoded(index));
                }
            }
        } catch (IOException e) {
            // in-memory streams do not fail
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The query string of a raw request: the channel and the configured metadata. */
    static String rawQuery(HecConfig config, String channel) {
        StringJoiner query = new StringJoiner("&");
        query.add("channel=" + encode(channel));
        query.add("sourcetype=" + encode(config.sourcetype()));
        if (config.index() != null) {
            query.add("index=" + encode(config.index()));
        }
        if (config.source() != null) {
            query.add("source=" + encode(config.source()));
        }
        if (config.host() != null) {
            query.add("host=" + encode(config.host()));
        }
        return query.toString();
    }

    private static String json(Object node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
