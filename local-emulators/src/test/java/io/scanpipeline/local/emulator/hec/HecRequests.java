package io.scanpipeline.local.emulator.hec;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** Crafted HEC requests sent with java.net.http directly, so the receiver is tested without our client. */
final class HecRequests {

    static final String TOKEN = "11111111-2222-3333-4444-555555555555";
    static final String ACK_TOKEN = "ack-token-0000";
    static final String CHANNEL = "0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;

    HecRequests(URI base) {
        this.base = base;
    }

    /** A request builder for {@code pathAndQuery} below the receiver's base URL. */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST with {@code Authorization: Splunk <token>} and no channel. */
    HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Authorization", "Splunk " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POST with a token and {@link #CHANNEL} in the channel header. */
    HttpResponse<String> postOnChannel(String path, String token, String body)
            throws IOException, InterruptedException {
        return send(request(path)
                .header("Authorization", "Splunk " + token)
                .header("X-Splunk-Request-Channel", CHANNEL)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return EmulatorJson.mapper().readTree(response.body());
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
