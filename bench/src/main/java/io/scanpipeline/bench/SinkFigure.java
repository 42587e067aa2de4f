package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.hec.HecBatch;
import io.scanpipeline.sink.hec.HecClient;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.hec.HecDelivery;
import io.scanpipeline.sink.hec.HecEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPOutputStream;

/**
 * Figure 6, the HEC half of the sink: change envelopes as Splunk events through {@code HecClient} to the local
 * {@code HecReceiver} (in this JVM), without and with indexer acknowledgement, against raw HEC POSTs with
 * {@code java.net.http} of the same events in the same batches.
 *
 * <p>Both sides send batches of {@code HEC_BATCH_MAX_EVENTS} (500) events, gzip each request body when sending, and
 * keep {@code HEC_MAX_IN_FLIGHT_EVENTS / HEC_BATCH_MAX_EVENTS} = 20 requests in flight; the events are encoded
 * beforehand on both sides (the client encodes when a batch is built). With acks the client polls every
 * {@value #ACK_POLL} instead of the default 10 s, which would cap it at 10,000 events in flight / 10 s = 1,000
 * events/s whatever the receiver does.
 */
final class SinkFigure {

    private static final String TOKEN = "11111111-2222-4333-8444-555555555555";
    private static final String ACK_TOKEN = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    private static final String ACK_POLL = "100ms";
    private static final int IN_FLIGHT_REQUESTS = 20;

    private final BenchContext ctx;

    SinkFigure(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        List<HecEvent> events = Envelopes.generate(ctx, ctx.options().hecEvents()).stream()
                .map(envelope -> HecEvent.of(ChangeEnvelopeCodec.toJson(envelope)))
                .toList();
        HecReceiverConfig receiverConfig = HecReceiverConfig.builder()
                .token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .keepEventsInMemory(false)
                .build();
        try (HecReceiver receiver = HecReceiver.start(receiverConfig);
                HecClient plain = HecClient.create(config(receiver.endpoint(), TOKEN, false), quiet());
                HecClient acked = HecClient.create(config(receiver.endpoint(), ACK_TOKEN, true), quiet())) {
            List<HecBatch> plainBatches = batches(plain, events);
            List<HecBatch> ackedBatches = batches(acked, events);
            List<byte[]> rawBodies = rawBodies(events, plainBatches);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI eventUri = receiver.endpoint().resolve("/services/collector/event");

            Samples noAck = new Samples();
            Samples withAck = new Samples();
            Samples raw = new Samples();
            List<Double> loads = new ArrayList<>();
            Map<String, Samples> noAckCpu = new HashMap<>();
            Map<String, Samples> withAckCpu = new HashMap<>();
            Map<String, Samples> rawCpu = new HashMap<>();
            for (int rep = 0; rep <= ctx.options().repetitions(); rep++) {
                boolean warmUp = rep == 0;
                double load = Machine.load1();
                Map<String, Samples> ignored = new HashMap<>();
                double f = send(plain, plainBatches, events.size(), warmUp ? ignored : noAckCpu);
                double g = send(acked, ackedBatches, events.size(), warmUp ? ignored : withAckCpu);
                double h = post(http, eventUri, rawBodies, events.size(), warmUp ? ignored : rawCpu);
                ctx.progress(
                        "sink %s: HecClient %,.0f/s, with acks %,.0f/s, raw POST %,.0f/s",
                        warmUp ? "warm-up" : "rep " + rep, f, g, h);
                if (!warmUp) {
                    noAck.add(f);
                    withAck.add(g);
                    raw.add(h);
                    loads.add(load);
                }
            }
            Report report = ctx.report();
            Report.Figure ff = report.figure(
                    "6a",
                    "sink: HecClient -> HecReceiver, acks off, " + events.size() + " events",
                    "events/s",
                    noAck,
                    loads,
                    plainBatches.size() + " batches of up to 500; gzip, " + "2 channels, up to "
                            + plain.config().maxInFlightEvents() + " events in flight (the default)",
                    noAckCpu);
            Report.Figure fg = report.figure(
                    "6b",
                    "sink: HecClient -> HecReceiver, acks on, poll " + ACK_POLL,
                    "events/s",
                    withAck,
                    loads,
                    "an event counts once its ackId is reported true; up to "
                            + acked.config().maxInFlightEvents() + " events in flight (the default with acks)",
                    withAckCpu);
            Report.Figure fh = report.figure(
                    "6r",
                    "baseline: raw HEC POSTs (java.net.http), same batches",
                    "events/s",
                    raw,
                    loads,
                    "gzip per request, " + IN_FLIGHT_REQUESTS + " requests in flight",
                    rawCpu);
            report.ratio("R6a", "HecClient (acks off) vs raw POSTs, events/s", ff, fh, null, null, null);
            report.ratio(
                    "R6b",
                    "HecClient (acks on) vs raw POSTs, events/s",
                    fg,
                    fh,
                    null,
                    null,
                    "with acks an event is held until a poll sees its ack: the in-flight bound / the time to that "
                            + "poll caps the rate (Little's law), hence the higher default bound with acks");
        }
    }

    private static double send(HecClient client, List<HecBatch> batches, long expected, Map<String, Samples> cpu)
            throws Exception {
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        List<CompletableFuture<HecDelivery>> deliveries = new ArrayList<>();
        for (HecBatch batch : batches) {
            deliveries.add(client.send(batch));
        }
        long delivered = 0;
        for (CompletableFuture<HecDelivery> delivery : deliveries) {
            delivered += delivery.get().deliveredCount();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        IngestFigures.check(delivered, expected, "HecClient");
        return expected / seconds;
    }

    private static double post(HttpClient http, URI uri, List<byte[]> bodies, long expected, Map<String, Samples> cpu)
            throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT_REQUESTS);
        BenchContext.settle();
        CpuMeter.Reading before = CpuMeter.read();
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (byte[] body : bodies) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Splunk " + TOKEN)
                    .header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body)))
                    .build();
            responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, error) -> inFlight.release()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
            HttpResponse<byte[]> answer = response.get();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(
                        "raw HEC POST answered " + answer.statusCode() + ": " + new String(answer.body()));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.record(cpu, before, CpuMeter.read(), expected);
        return expected / seconds;
    }

    private static List<HecBatch> batches(HecClient client, List<HecEvent> events) {
        List<HecBatch> batches = new ArrayList<>();
        HecBatch.Builder builder = client.newBatch("b0");
        for (HecEvent event : events) {
            if (!builder.add(event)) {
                batches.add(builder.build());
                builder = client.newBatch("b" + batches.size());
                builder.add(event);
            }
        }
        if (!builder.isEmpty()) {
            batches.add(builder.build());
        }
        return batches;
    }

    /** The event objects the client writes ({@code sourcetype} and {@code event}), cut as its batches are. */
    private static List<byte[]> rawBodies(List<HecEvent> events, List<HecBatch> batches) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        int next = 0;
        for (HecBatch batch : batches) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < batch.size(); i++) {
                ObjectNode json = Json.mapper().createObjectNode();
                json.put("sourcetype", "scan:finding");
                json.set("event", events.get(next++).event());
                body.write(Json.mapper().writeValueAsBytes(json));
            }
            bodies.add(body.toByteArray());
        }
        return bodies;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static HecConfig config(URI url, String token, boolean ack) {
        Map<String, String> env = new HashMap<>();
        env.put("HEC_URLS", url.toString());
        env.put("HEC_TOKEN", token);
        env.put("HEC_ACK", Boolean.toString(ack));
        env.put("HEC_ACK_POLL_INTERVAL", ACK_POLL);
        return HecEnvironment.fromEnv(env);
    }

    private static StructuredLog quiet() {
        return StructuredLog.to("bench", line -> {});
    }
}
