package io.scanpipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCodecTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.mapper().readTree(text);
    }

    @Test
    void twentyDigitInteger_keepsEveryDigitAsANumber() throws Exception {
        List<ItemCodec.Note> notes = new ArrayList<>();
        Map<String, AttributeValue> item = ItemCodec.toItem(json("{\"queryId\": 12345678901234567890}"), notes);
        assertThat(item.get("queryId").n()).isEqualTo("12345678901234567890");
        assertThat(notes).isEmpty();
    }

    @Test
    void decimals_keepTheirDigitsAndScale() throws Exception {
        Map<String, AttributeValue> item = ItemCodec.toItem(
                json("{\"a\": 7.50, \"b\": 0.1, \"c\": -1.23456789012345678901234567890123456E+20}"),
                new ArrayList<>());
        assertThat(item.get("a").n()).isEqualTo("7.50");
        assertThat(item.get("b").n()).isEqualTo("0.1");
        assertThat(new java.math.BigDecimal(item.get("c").n()))
                .isEqualByComparingTo("-123456789012345678901.234567890123456");
    }

    @Test
    void numberBeyond38Digits_becomesAStringWithANote() throws Exception {
        List<ItemCodec.Note> notes = new ArrayList<>();
        String digits = "1234567890123456789012345678901234567891";
        Map<String, AttributeValue> item = ItemCodec.toItem(json("{\"big\": " + digits + "}"), notes);
        assertThat(item.get("big").s()).isEqualTo(digits);
        assertThat(notes).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("big");
            assertThat(n.message()).contains("40 significant digits").contains("38");
        });
    }

    @Test
    void numberOutsideDynamoRange_becomesAStringWithANote() {
        assertThat(ItemCodec.numberProblem("1E+126")).contains("outside");
        assertThat(ItemCodec.numberProblem("1E-131")).contains("outside");
        assertThat(ItemCodec.numberProblem("9.9999999999999999999999999999999999999E+125"))
                .isNull();
        assertThat(ItemCodec.numberProblem("0.000")).isNull();
    }

    @Test
    void nullsEmptyStringsAndNestedContainers_mapOneToOne() throws Exception {
        Map<String, AttributeValue> item = ItemCodec.toItem(
                json("{\"n\": null, \"e\": \"\", \"m\": {\"l\": [1, \"x\", true, {}]}}"), new ArrayList<>());
        assertThat(item.get("n").nul()).isTrue();
        assertThat(item.get("e").s()).isEmpty();
        List<AttributeValue> list = item.get("m").m().get("l").l();
        assertThat(list).extracting(AttributeValue::type).map(Object::toString).containsExactly("N", "S", "BOOL", "M");
    }

    @Test
    void nestingDeeperThan32Levels_isRejectedNamingThePath() throws Exception {
        String deep = "{\"a\":".repeat(33) + "1" + "}".repeat(33);
        assertThatThrownBy(() -> ItemCodec.toItem(json("{\"root\": " + deep + "}"), new ArrayList<>()))
                .isInstanceOf(ItemConversionException.class)
                .hasMessageContaining("root.a.a")
                .hasMessageContaining("32 levels");
        String ok = "{\"a\":".repeat(31) + "1" + "}".repeat(31);
        assertThat(ItemCodec.toItem(json("{\"root\": " + ok + "}"), new ArrayList<>()))
                .containsKey("root");
    }

    @Test
    void everyAttributeType_convertsToExactJson() throws Exception {
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("text"),
                "n", AttributeValue.fromN("123456789012345678901234567890"),
                "d", AttributeValue.fromN("-0.000123"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
                "nul", AttributeValue.fromNul(true),
                "bool", AttributeValue.fromBool(false),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", AttributeValue.fromN("7"))))));
        JsonNode json = ItemCodec.toJson(item);
        assertThat(json)
                .isEqualTo(Json.mapper()
                        .readTree("{\"s\":\"text\",\"n\":123456789012345678901234567890,"
                                + "\"d\":-0.000123,\"b\":\"aGk=\",\"ss\":[\"a\",\"b\"],\"ns\":[1,2.5],\"bs\":[\"eA==\"],"
                                + "\"nul\":null,\"bool\":false,\"l\":[{\"k\":7}]}"));
        assertThat(Json.mapper().writeValueAsString(json.get("n"))).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void roundTrip_jsonToItemToJson_isLossless() throws Exception {
        ObjectNode original = json("{\"id\":\"x\",\"v\":12345678901234567890,\"f\":1.10,\"u\":\"\\uD83D\\uDE00\","
                + "\"nested\":{\"list\":[null,false,0]}}");
        assertThat(ItemCodec.toJson(ItemCodec.toItem(original, new ArrayList<>())))
                .isEqualTo(original);
    }

    @Test
    void itemSize_countsNamesAndUtf8Values() {
        assertThat(ItemCodec.itemSize(Map.of("ab", AttributeValue.fromS("é😀"))))
                .isEqualTo(2 + 2 + 4);
        assertThat(ItemCodec.itemSize(Map.of("n", AttributeValue.fromN("12345"))))
                .isEqualTo(1 + 4);
        assertThat(ItemCodec.itemSize(Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true))))))
                .isEqualTo(1 + 3 + 1 + 1);
    }

    @Test
    void exponentAtTheEdgeOfBigDecimal_becomesAStringWithANote_neverAnArithmeticException() {
        // stripTrailingZeros() of this value would need a scale below Integer.MIN_VALUE
        List<ItemCodec.Note> notes = new ArrayList<>();
        AttributeValue value = ItemCodec.toAttributeValue(
                new com.fasterxml.jackson.databind.node.DecimalNode(
                        new java.math.BigDecimal(java.math.BigInteger.valueOf(100), -2147483647)),
                "x",
                notes);
        assertThat(value.s()).isEqualTo("100E+2147483647");
        assertThat(notes).singleElement().satisfies(n -> assertThat(n.message()).contains("outside DynamoDB's range"));
    }

    @Test
    void zeroWithAHugeExponent_isStoredAsZero() {
        List<ItemCodec.Note> notes = new ArrayList<>();
        AttributeValue value = ItemCodec.toAttributeValue(
                new com.fasterxml.jackson.databind.node.DecimalNode(new java.math.BigDecimal("0E+999999999")),
                "z",
                notes);
        assertThat(value.n()).isEqualTo("0");
        assertThat(notes).isEmpty();
    }

    @Test
    void numberTheReaderCouldNotConvert_isStoredAsItsTextWithANote() {
        List<ItemCodec.Note> notes = new ArrayList<>();
        AttributeValue value = ItemCodec.toAttributeValue(
                new UnconvertedNumberNode("1e2147483648", "exponent outside the range of a 32-bit integer"),
                "x",
                notes);
        assertThat(value.s()).isEqualTo("1e2147483648");
        assertThat(notes).singleElement().satisfies(n -> assertThat(n.message()).contains("exponent outside"));
    }

    @Test
    void loneSurrogatesInValuesAndNames_areReplacedWithFffd_andNoted_pairsAreKept() throws Exception {
        // Jackson's byte parser refuses a lone surrogate in a field name, so the tree is built here
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("na\udfffme", "v");
        record.put("text", "bad \ud800 here");
        record.putArray("list").add("\udc00");
        record.put("emoji", "\ud83d\ude00");
        List<ItemCodec.Note> notes = new ArrayList<>();

        Map<String, AttributeValue> item = ItemCodec.toItem(record, notes);

        assertThat(item).containsKeys("na\uFFFDme", "text", "list", "emoji");
        assertThat(item.get("text").s()).isEqualTo("bad \uFFFD here");
        assertThat(item.get("list").l().get(0).s()).isEqualTo("\uFFFD");
        assertThat(item.get("emoji").s()).isEqualTo("\uD83D\uDE00");
        assertThat(notes)
                .extracting(ItemCodec.Note::toString)
                .containsExactly(
                        "na\uFFFDme: attribute name is not valid Unicode (lone surrogate \\udfff at character 2); replaced with U+FFFD",
                        "text: string is not valid Unicode (lone surrogate \\ud800 at character 4); replaced with U+FFFD",
                        "list[0]: string is not valid Unicode (lone surrogate \\udc00 at character 0); replaced with U+FFFD");
        assertThat(notes)
                .allSatisfy(
                        n -> assertThat(Utf16.firstLoneSurrogate(n.toString())).isEqualTo(-1));
    }
}
