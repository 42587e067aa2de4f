package io.scanpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.ItemCodec;
import io.scanpipeline.core.Json;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestRule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JMH microbenchmarks of the per-record codecs ({@code bin/bench --jmh}): {@code ItemCodec} both ways and
 * {@code ChangeEnvelopeCodec} both ways, on one generated Trivy record (about 1.2 KB of JSON) and the item and
 * change envelope the pipeline makes of it. Average time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmarks {

    private ObjectNode record;
    private ObjectNode projected;
    private Map<String, AttributeValue> item;
    private Map<String, AttributeValue> keys;
    private Instant created;
    private ChangeEnvelope envelope;
    private byte[] envelopeBytes;

    @Setup
    public void setUp() throws IOException {
        record = (ObjectNode) Json.mapper().readTree(ScanFile.recordJson(42));
        IngestRule rule =
                IngestConfig.fromEnv(ScanFile.ingestEnv("Findings", 1)).ruleFor("trivy/a.json");
        ObjectNode context = Json.mapper().createObjectNode().put("Target", "registry.example.com/shop/api:1.42.0");
        projected = rule.projection().apply(record, context);
        item = ItemCodec.toItem(projected, new ArrayList<>());
        keys = Map.of("pk", AttributeValue.fromS("target#CVE-2024-10042#openssl#1.2.3-1"));
        created = Instant.parse("2025-06-01T08:00:00Z");
        envelope = ChangeEnvelope.of(
                ChangeEnvelope.EventName.MODIFY, "Findings", keys, item, item, "4421584500000000017450439091", created);
        envelopeBytes = ChangeEnvelopeCodec.toBytes(envelope);
    }

    /** The whole record (nested maps, lists, exact decimals) to an item. */
    @Benchmark
    public Map<String, AttributeValue> itemCodecToItemWholeRecord() {
        List<ItemCodec.Note> notes = new ArrayList<>();
        return ItemCodec.toItem(record, notes);
    }

    /** The 8-field projection the ingest rule keeps, to an item: what the ingest does per record. */
    @Benchmark
    public Map<String, AttributeValue> itemCodecToItemProjected() {
        List<ItemCodec.Note> notes = new ArrayList<>();
        return ItemCodec.toItem(projected, notes);
    }

    /** An item back to JSON: what the forwarder does per image. */
    @Benchmark
    public ObjectNode itemCodecToJson() {
        return ItemCodec.toJson(item);
    }

    /** Building an envelope from SDK attribute maps (both images, eventId hash). */
    @Benchmark
    public ChangeEnvelope changeEnvelopeOf() {
        return ChangeEnvelope.of(
                ChangeEnvelope.EventName.MODIFY, "Findings", keys, item, item, "4421584500000000017450439091", created);
    }

    @Benchmark
    public byte[] changeEnvelopeCodecToBytes() {
        return ChangeEnvelopeCodec.toBytes(envelope);
    }

    @Benchmark
    public ChangeEnvelope changeEnvelopeCodecFromBytes() {
        return ChangeEnvelopeCodec.fromBytes(envelopeBytes);
    }
}
