package io.scanpipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ChangeEnvelope.EventName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ChangeEnvelopeTest {

    private static final Map<String, AttributeValue> KEYS = Map.of("emp_id", AttributeValue.fromS("E1"));

    // The expected ids below were computed outside Java from the recipe in ChangeEnvelope's Javadoc:
    // sha256(json.dumps([table, eventName, sorted_keys, sequenceNumber], separators=(",", ":"), ensure_ascii=False))
    @Test
    void eventId_followsTheDocumentedRecipe() {
        ChangeEnvelope envelope = ChangeEnvelope.of(
                EventName.INSERT, "Employees", KEYS, item("E1", "a"), null, "4421584500000000017450439091", null);

        assertThat(envelope.eventId()).isEqualTo("099728260352b6303c15fa06a080d199b825ff6924bc807d3d90ecfdcc964f59");
    }

    @Test
    void eventId_usesCanonicalKeys_sortedNamesPlainNumbersAndRawUnicode() {
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        keys.put("sk", AttributeValue.fromN("1.50"));
        keys.put("pk", AttributeValue.fromS("Zürich"));

        ChangeEnvelope envelope = ChangeEnvelope.of(EventName.MODIFY, "Scans", keys, null, null, "7", null);

        assertThat(envelope.canonicalKey()).isEqualTo("{\"pk\":\"Zürich\",\"sk\":1.5}");
        assertThat(envelope.eventId()).isEqualTo("934694c0c078234de489074be77f5c67c038a9a1c437de14ae64453fca031b93");
        // the key JSON itself keeps the digits DynamoDB sent
        assertThat(envelope.keys().get("sk").decimalValue().scale()).isEqualTo(2);
    }

    @Test
    void eventId_isStableOnReplay_andDiffersPerChange() {
        ChangeEnvelope first = ChangeEnvelope.of(EventName.INSERT, "Employees", KEYS, item("E1", "a"), null, "1", null);
        ChangeEnvelope replayed =
                ChangeEnvelope.of(EventName.INSERT, "Employees", KEYS, item("E1", "a"), null, "1", null);
        ChangeEnvelope next =
                ChangeEnvelope.of(EventName.MODIFY, "Employees", KEYS, item("E1", "b"), item("E1", "a"), "2", null);

        assertThat(replayed.eventId()).isEqualTo(first.eventId());
        assertThat(next.eventId()).isNotEqualTo(first.eventId());
    }

    @Test
    void partitionKey_isTheSameForEveryChangeOfOneItem() {
        Map<String, AttributeValue> numeric = Map.of("id", AttributeValue.fromN("100"));
        Map<String, AttributeValue> renormalised = Map.of("id", AttributeValue.fromN("100.0"));

        String inserted = ChangeEnvelope.of(EventName.INSERT, "T", numeric, numeric, null, "1", null)
                .partitionKey();
        String modified = ChangeEnvelope.of(EventName.MODIFY, "T", renormalised, numeric, numeric, "2", null)
                .partitionKey();
        String removed = ChangeEnvelope.of(EventName.REMOVE, "T", numeric, null, numeric, "3", null)
                .partitionKey();

        assertThat(inserted).isEqualTo("{\"id\":100}").isEqualTo(modified).isEqualTo(removed);
    }

    @Test
    void partitionKeyLongerThan256Characters_isHashed() {
        Map<String, AttributeValue> longKey = Map.of("pk", AttributeValue.fromS("x".repeat(300)));

        String partitionKey = ChangeEnvelope.of(EventName.INSERT, "T", longKey, null, null, "1", null)
                .partitionKey();

        assertThat(partitionKey)
                .isEqualTo("sha256:33e3a91282d3586fe5f7d85235a8220487e35bf28814f6da3841fea264a72b1f")
                .hasSizeLessThanOrEqualTo(ChangeEnvelope.MAX_PARTITION_KEY_CHARS);
        Map<String, AttributeValue> exactly256 = Map.of("pk", AttributeValue.fromS("x".repeat(256 - 9)));
        assertThat(ChangeEnvelope.of(EventName.INSERT, "T", exactly256, null, null, "1", null)
                        .partitionKey())
                .hasSize(256)
                .startsWith("{\"pk\":");
    }

    @Test
    void source_comesFromTheNewImage_orTheOldImageWhenThereIsNone() {
        Map<String, AttributeValue> withSource = item("E1", "a");
        withSource.put("_source", AttributeValue.fromM(Map.of("bucket", AttributeValue.fromS("scans"))));

        ChangeEnvelope inserted = ChangeEnvelope.of(EventName.INSERT, "T", KEYS, withSource, null, "1", null);
        ChangeEnvelope removed = ChangeEnvelope.of(EventName.REMOVE, "T", KEYS, null, withSource, "2", null);
        ChangeEnvelope noSource = ChangeEnvelope.of(EventName.INSERT, "T", KEYS, item("E1", "a"), null, "3", null);

        assertThat(inserted.source().get("bucket").asText()).isEqualTo("scans");
        assertThat(removed.source()).isEqualTo(inserted.source());
        assertThat(noSource.source()).isNull();
        assertThat(removed.currentImage()).isSameAs(removed.oldImage());
    }

    @Test
    void codec_writesTheDocumentedFieldsInOrder_andReadsThemBackEqual() throws Exception {
        Map<String, AttributeValue> image = item("E1", "a");
        image.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 42})));
        image.put("ns", AttributeValue.fromNs(List.of("1", "99999999999999999999999999999999999999")));
        image.put("_source", AttributeValue.fromM(Map.of("key", AttributeValue.fromS("a.json"))));
        ChangeEnvelope envelope = ChangeEnvelope.of(
                EventName.MODIFY,
                "Employees",
                KEYS,
                image,
                item("E1", "z"),
                "9",
                Instant.parse("2016-12-02T01:27:00.123456Z"));

        byte[] bytes = ChangeEnvelopeCodec.toBytes(envelope);
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertThat(text)
                .startsWith("{\"v\":1,\"eventId\":\"" + envelope.eventId() + "\",\"eventName\":\"MODIFY\","
                        + "\"table\":\"Employees\",\"keys\":{\"emp_id\":\"E1\"},\"newImage\":{");
        assertThat(text)
                .contains(
                        "\"blob\":\"AAEq\"",
                        "\"ns\":[1,99999999999999999999999999999999999999]",
                        "\"sequenceNumber\":\"9\",\"approximateCreationTime\":\"2016-12-02T01:27:00.123Z\","
                                + "\"approximateCreationEpochMillis\":1480642020123,\"source\":{\"key\":\"a.json\"}}");
        ChangeEnvelope decoded = ChangeEnvelopeCodec.fromBytes(bytes);
        assertThat(ChangeEnvelopeCodec.toBytes(decoded)).isEqualTo(bytes);
        assertThat(decoded.approximateCreationTime()).isEqualTo(Instant.parse("2016-12-02T01:27:00.123Z"));
        assertThat(decoded.partitionKey()).isEqualTo(envelope.partitionKey());
    }

    @Test
    void codec_leavesAbsentFieldsOut() {
        ChangeEnvelope envelope = ChangeEnvelope.of(EventName.REMOVE, "T", KEYS, null, null, "1", null);

        JsonNode json = ChangeEnvelopeCodec.toJson(envelope);

        assertThat(json.has("newImage")).isFalse();
        assertThat(json.has("oldImage")).isFalse();
        assertThat(json.has("approximateCreationTime")).isFalse();
        assertThat(json.has("approximateCreationEpochMillis")).isFalse();
        assertThat(json.has("source")).isFalse();
        assertThat(ChangeEnvelopeCodec.fromJson(json)).isEqualTo(envelope);
    }

    @Test
    void codec_rejectsWhatItCannotRead() {
        ObjectNode valid =
                ChangeEnvelopeCodec.toJson(ChangeEnvelope.of(EventName.INSERT, "T", KEYS, null, null, "1", null));

        assertThatThrownBy(() -> ChangeEnvelopeCodec.fromJson(valid.deepCopy().put("v", 2)))
                .isInstanceOf(EnvelopeFormatException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> ChangeEnvelopeCodec.fromJson(valid.deepCopy().put("eventName", "UPSERT")))
                .isInstanceOf(EnvelopeFormatException.class)
                .hasMessageContaining("UPSERT");
        ObjectNode noKeys = valid.deepCopy();
        noKeys.remove("keys");
        assertThatThrownBy(() -> ChangeEnvelopeCodec.fromJson(noKeys))
                .isInstanceOf(EnvelopeFormatException.class)
                .hasMessageContaining("keys");
        assertThatThrownBy(() -> ChangeEnvelopeCodec.fromBytes("{\"v\":1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeFormatException.class)
                .hasMessageContaining("not JSON");
    }

    private static Map<String, AttributeValue> item(String empId, String dept) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("emp_id", AttributeValue.fromS(empId));
        item.put("dept", AttributeValue.fromS(dept));
        return item;
    }
}
