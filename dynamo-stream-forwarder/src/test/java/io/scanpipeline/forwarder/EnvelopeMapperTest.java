package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.Json;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeMapperTest {

    private final EnvelopeMapper mapper = new EnvelopeMapper();

    @Test
    void everyAttributeType_arrivesExactly_andTheEventsBuffersAreLeftUntouched() throws Exception {
        // bytes 1..3 of the array are the value: a buffer whose position is not 0, as a sliced buffer would be
        ByteBuffer binary = ByteBuffer.wrap(new byte[] {9, 0, 1, 42, 9}, 1, 3);
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("emp_id", new AttributeValue().withS("E1"));
        image.put("big", new AttributeValue().withN("12345678901234567890123456789012345678"));
        image.put("tiny", new AttributeValue().withN("-0.000000000000000000000000000001"));
        image.put("scaled", new AttributeValue().withN("1.50"));
        image.put("bin", new AttributeValue().withB(binary));
        image.put("ss", new AttributeValue().withSS("a", "b"));
        image.put("ns", new AttributeValue().withNS("1", "2.5"));
        image.put("bs", new AttributeValue().withBS(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2})));
        image.put(
                "m",
                new AttributeValue()
                        .withM(Map.of(
                                "inner",
                                new AttributeValue()
                                        .withL(
                                                new AttributeValue().withBOOL(false),
                                                new AttributeValue().withNULL(true)))));
        image.put(
                "l", new AttributeValue().withL(new AttributeValue().withN("7"), new AttributeValue().withM(Map.of())));
        image.put("yes", new AttributeValue().withBOOL(true));
        image.put("nothing", new AttributeValue().withNULL(true));
        DynamodbStreamRecord record = StreamEvents.record("INSERT", "100", "E1", image, null);

        ChangeEnvelope envelope = mapper.map(record);

        // compare as parsed text: the codec builds long nodes where a parser builds int nodes for small numbers
        JsonNode newImage = Json.mapper().readTree(Json.mapper().writeValueAsString(envelope.newImage()));
        assertThat(newImage).isEqualTo(Json.mapper().readTree("""
                {"emp_id":"E1","big":12345678901234567890123456789012345678,
                 "tiny":-0.000000000000000000000000000001,"scaled":1.50,"bin":"AAEq",
                 "ss":["a","b"],"ns":[1,2.5],"bs":["AQ==","Ag=="],"m":{"inner":[false,null]},
                 "l":[7,{}],"yes":true,"nothing":null}"""));
        assertThat(ChangeEnvelopeCodec.toJson(envelope).toString()).contains("\"scaled\":1.50");
        assertThat(binary.position()).isEqualTo(1);
        assertThat(envelope.table()).isEqualTo("Employees");
        assertThat(envelope.oldImage()).isNull();
    }

    @Test
    void sourceMap_isTakenFromTheNewImage_orFromTheOldImageForRemove() {
        AttributeValue source = new AttributeValue()
                .withM(Map.of(
                        "bucket", new AttributeValue().withS("scans"),
                        "key", new AttributeValue().withS("2024/01/trivy.json"),
                        "sequencer", new AttributeValue().withS("0055AED6DCD90281E5")));
        Map<String, AttributeValue> image = StreamEvents.image("E1", "a");
        image.put("_source", source);

        ChangeEnvelope inserted = mapper.map(StreamEvents.record("INSERT", "1", "E1", image, null));
        ChangeEnvelope removed = mapper.map(StreamEvents.record("REMOVE", "2", "E1", null, image));

        assertThat(inserted.source().get("key").asText()).isEqualTo("2024/01/trivy.json");
        assertThat(removed.source()).isEqualTo(inserted.source());
        assertThat(mapper.map(StreamEvents.insert("3", "E1", "a")).source()).isNull();
    }

    @Test
    void tableName_comesFromTheStreamArn_whoseLabelHoldsColons() {
        String arn = "arn:aws:dynamodb:eu-central-1:123456789012:table/ExampleTableWithStream"
                + "/stream/2015-06-27T00:48:05.899";
        assertThat(EnvelopeMapper.tableFromArn(arn)).isEqualTo("ExampleTableWithStream");
        assertThat(EnvelopeMapper.tableFromArn("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/T.1-x"))
                .isEqualTo("T.1-x");
        assertThatThrownBy(() -> EnvelopeMapper.tableFromArn("arn:aws:kinesis:us-east-1:1:stream/x"))
                .isInstanceOf(RecordMappingException.class);
        assertThatThrownBy(() -> EnvelopeMapper.tableFromArn(null)).isInstanceOf(RecordMappingException.class);
    }

    @Test
    void creationTime_keepsMillis_andScalesBackMillisecondsReadAsSeconds() {
        Instant withMillis = Instant.parse("2021-11-01T02:40:07.123Z");
        assertThat(EnvelopeMapper.creationTime(Date.from(withMillis))).isEqualTo(withMillis);
        // what the runtime makes of "ApproximateCreationDateTime": 1480642020000 (milliseconds read as seconds)
        Date misread = new Date(1480642020000L * 1000);
        assertThat(EnvelopeMapper.creationTime(misread)).isEqualTo(Instant.parse("2016-12-02T01:27:00Z"));
        assertThat(EnvelopeMapper.creationTime(null)).isNull();
    }

    @Test
    void unmappableRecords_failWithAPermanentReason() {
        DynamodbStreamRecord unknownEvent = StreamEvents.insert("1", "E1", "a");
        unknownEvent.setEventName("UPSERT");
        DynamodbStreamRecord noKeys = StreamEvents.insert("2", "E1", "a");
        noKeys.getDynamodb().setKeys(null);
        DynamodbStreamRecord typeless = StreamEvents.insert("3", "E1", "a");
        typeless.getDynamodb().getKeys().put("range", new AttributeValue());

        assertThatThrownBy(() -> mapper.map(unknownEvent))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("UPSERT");
        assertThatThrownBy(() -> mapper.map(noKeys))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("no Keys");
        assertThatThrownBy(() -> mapper.map(typeless))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("Keys.range");
    }

    @Test
    void sdkToLambdaAndBack_isLossless_forEveryType() {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = StreamRecordsTest.everyType();

        assertThat(LambdaAttributeValues.toSdk(LambdaAttributeValues.toLambda(item), "item"))
                .isEqualTo(item);
        assertThat(List.copyOf(item.keySet())).contains("s", "n", "b", "ss", "ns", "bs", "m", "l", "nul", "bool");
    }
}
