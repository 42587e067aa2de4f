package io.scanpipeline.sink.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.hec.HecConfig;
import io.scanpipeline.sink.hec.HecEvent;
import io.scanpipeline.sink.hec.HecWire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class HecEventMapperTest {

    private static final HecConfig HEC = HecEnvironment.fromEnv(
            Map.of("HEC_URLS", "http://127.0.0.1:8088", "HEC_TOKEN", "00000000-0000-0000-0000-000000000000"));
    private static final HecEventMapper MAPPER = new HecEventMapper("scan:finding");

    private static ChangeEnvelope envelope(Instant time, boolean withSource) {
        Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS("F-1"));
        Map<String, AttributeValue> image = new LinkedHashMap<>(keys);
        image.put("severity", AttributeValue.fromS("HIGH"));
        image.put("cvss", AttributeValue.fromN("9.80"));
        if (withSource) {
            Map<String, AttributeValue> source = new LinkedHashMap<>();
            source.put("bucket", AttributeValue.fromS("scans"));
            source.put("key", AttributeValue.fromS("trivy/a.json"));
            image.put("_source", AttributeValue.fromM(source));
        }
        return ChangeEnvelope.of(ChangeEnvelope.EventName.INSERT, "Findings", keys, image, null, "111", time);
    }

    @Test
    void envelope_becomesTheExactHecEventJson() {
        ChangeEnvelope envelope = envelope(Instant.parse("2024-05-01T10:00:00.123Z"), true);
        String id = envelope.eventId();

        String json = HecWire.eventJson(MAPPER.map(envelope, Instant.parse("2030-01-01T00:00:00Z")), HEC);

        assertThat(json)
                .isEqualTo(
                        "{\"time\":1714557600.123,\"source\":\"s3://scans/trivy/a.json\","
                                + "\"sourcetype\":\"scan:finding\",\"event\":{\"v\":1,\"eventId\":\"" + id + "\","
                                + "\"eventName\":\"INSERT\",\"table\":\"Findings\",\"keys\":{\"pk\":\"F-1\"},"
                                + "\"newImage\":{\"pk\":\"F-1\",\"severity\":\"HIGH\",\"cvss\":9.80,"
                                + "\"_source\":{\"bucket\":\"scans\",\"key\":\"trivy/a.json\"}},\"sequenceNumber\":\"111\","
                                + "\"approximateCreationTime\":\"2024-05-01T10:00:00.123Z\","
                                + "\"approximateCreationEpochMillis\":1714557600123,"
                                + "\"source\":{\"bucket\":\"scans\",\"key\":\"trivy/a.json\"}},"
                                + "\"fields\":{\"scanpipeline_event_id\":\"" + id
                                + "\",\"scanpipeline_event_name\":\"INSERT\","
                                + "\"scanpipeline_table\":\"Findings\",\"scanpipeline_item\":\"Findings|{\\\"pk\\\":\\\"F-1\\\"}\"}}");
    }

    @Test
    void theEventPayload_isTheEnvelopeAsItTravelledOnKinesis() {
        ChangeEnvelope envelope = envelope(Instant.parse("2024-05-01T10:00:00.123Z"), true);

        HecEvent event = MAPPER.map(envelope, null);

        assertThat(event.event().toString())
                .isEqualTo(new String(ChangeEnvelopeCodec.toBytes(envelope), StandardCharsets.UTF_8));
    }

    @Test
    void eachTable_getsTheIndexSourcetypeAndSourceOfItsRoute_otherTablesTheDefaults() {
        HecRoutes routes = HecRoutes.parse(
                "HEC_ROUTES",
                "{\"Employees\": {\"sourcetype\": \"scan:employee\", "
                        + "\"index\": \"people\", \"source\": \"hr-export\"}}",
                "scan:finding");
        HecEventMapper mapper = new HecEventMapper(routes);
        Map<String, AttributeValue> keys = Map.of("emp_id", AttributeValue.fromS("E-1"));
        HecEvent employee = mapper.map(
                ChangeEnvelope.of(
                        ChangeEnvelope.EventName.INSERT,
                        "Employees",
                        keys,
                        keys,
                        null,
                        "1",
                        Instant.parse("2024-05-01T10:00:00Z")),
                null);
        HecEvent finding = mapper.map(envelope(Instant.parse("2024-05-01T10:00:00Z"), true), null);

        assertThat(employee.sourcetype()).isEqualTo("scan:employee");
        assertThat(employee.index()).isEqualTo("people");
        assertThat(employee.source()).isEqualTo("hr-export");
        assertThat(finding.sourcetype()).isEqualTo("scan:finding");
        assertThat(finding.index()).as("the sink's HEC_INDEX applies").isNull();
        assertThat(finding.source()).isEqualTo("s3://scans/trivy/a.json");
    }

    @Test
    void withoutSourceObject_theTableIsTheSource() {
        HecEvent event = MAPPER.map(envelope(Instant.parse("2024-05-01T10:00:00Z"), false), null);

        assertThat(event.source()).isEqualTo("Findings");
    }

    @Test
    void withoutCreationTime_theKinesisArrivalTimeIsUsed() {
        Instant arrival = Instant.parse("2024-05-02T08:30:00.456Z");

        HecEvent event = MAPPER.map(envelope(null, true), arrival);

        assertThat(event.time()).isEqualTo(arrival);
        assertThat(HecWire.eventJson(event, HEC)).startsWith("{\"time\":1714638600.456,");
    }

    @Test
    void aRecordsBytes_becomeTheEventByteForByte_whateverTheirSpellingAndExtraMembers() {
        String record = "{ \"eventName\":\"MODIFY\", \"v\":1,\"eventId\":\"e-1\",\"table\":\"Findings\","
                + "\"keys\":{\"pk\":\"F-1\"},\n \"newImage\":{\"pk\":\"F-1\",\"cvss\":9.80,\"n\":1E+2,"
                + "\"city\":\"Z\\u00fcrich\",\"big\":123456789012345678901234567890},\"sequenceNumber\":\"7\","
                + "\"addedLater\":[1,{\"x\":null}],\"approximateCreationEpochMillis\":1714557600123,"
                + "\"source\":{\"bucket\":\"scans\",\"key\":\"trivy/a.json\"} }";
        byte[] bytes = ("\n" + record + "\n").getBytes(StandardCharsets.UTF_8);

        HecEvent event = MAPPER.map(ChangeEnvelopeCodec.readEncoded(bytes), null);
        String json = HecWire.eventJson(event, HEC);

        assertThat(json)
                .isEqualTo(
                        "{\"time\":1714557600.123,\"source\":\"s3://scans/trivy/a.json\","
                                + "\"sourcetype\":\"scan:finding\",\"event\":" + record + ","
                                + "\"fields\":{\"scanpipeline_event_id\":\"e-1\",\"scanpipeline_event_name\":\"MODIFY\","
                                + "\"scanpipeline_table\":\"Findings\",\"scanpipeline_item\":\"Findings|{\\\"pk\\\":\\\"F-1\\\"}\"}}");
        assertThat(event.event().toString()).isEqualTo(record);
        assertThat(event.eventTree().path("newImage").path("city").asText()).isEqualTo("Zürich");
    }

    @Test
    void anEnvelopeAndItsRecord_giveTheSameEvent() {
        ChangeEnvelope envelope = envelope(Instant.parse("2024-05-01T10:00:00.123Z"), true);
        byte[] record = ChangeEnvelopeCodec.toBytes(envelope);

        assertThat(HecWire.eventJson(MAPPER.map(ChangeEnvelopeCodec.readEncoded(record), null), HEC))
                .isEqualTo(HecWire.eventJson(MAPPER.map(envelope, null), HEC));
    }
}
