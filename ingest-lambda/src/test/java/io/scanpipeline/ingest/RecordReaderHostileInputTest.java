package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.UnconvertedNumberNode;
import org.junit.jupiter.api.Test;

/**
 * Unusual but legal input, and input built to exhaust memory: every record gets its own outcome (delivered, or
 * reported with a reason) and reading goes on where the format allows.
 */
class RecordReaderHostileInputTest {

    @Test
    void numberWhoseExponentOverflowsAnInt_staysInItsRecord_andTheDocumentGoesOn() {
        Fixtures.Capture got = Fixtures.read("/",
                Fixtures.utf8("[{\"id\":\"A\",\"x\":1e2147483648},{\"id\":\"B\",\"y\":-2.5E-2147483649},{\"id\":\"C\"}]"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.values()).extracting(v -> v.path("id").asText()).containsExactly("A", "B", "C");
        JsonNode x = got.values().get(0).get("x");
        assertThat(x).isInstanceOf(UnconvertedNumberNode.class);
        assertThat(x.asText()).isEqualTo("1e2147483648");
        assertThat(got.values().get(1).get("y").asText()).isEqualTo("-2.5E-2147483649");
    }

    @Test
    void numberLongerThanJacksonsLimit_staysInItsRecordAsText_andTheDocumentGoesOn() {
        String digits = "7".repeat(200_000);
        Fixtures.Capture got = Fixtures.read("/",
                Fixtures.utf8("[{\"id\":\"A\",\"n\":" + digits + "},{\"id\":\"B\",\"n\":12}]"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.values()).hasSize(2);
        assertThat(got.values().get(0).get("n")).isInstanceOf(UnconvertedNumberNode.class);
        assertThat(got.values().get(0).get("n").asText()).isEqualTo(digits);
        assertThat(got.values().get(1).get("n").intValue()).isEqualTo(12);
    }

    @Test
    void ordinaryNumbers_keepTheNodeTypesOfTheSharedMapper() {
        String text = "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.50,\"e\":1e999999999}";
        Fixtures.Capture got = Fixtures.read("/", Fixtures.utf8(text));

        assertThat(got.values()).singleElement().isEqualTo(Fixtures.expectedRecords(Fixtures.utf8(text), "/").get(0));
        assertThat(got.values().get(0).get("d").decimalValue().scale()).isEqualTo(2);
    }

    @Test
    void numberInTheContext_thatCannotBeConverted_staysInTheContextAsText() {
        Fixtures.Capture got = Fixtures.read("/r",
                Fixtures.utf8("{\"scan\":9e99999999999,\"r\":[{\"id\":\"A\"}]}"));

        assertThat(got.malformed).isEmpty();
        assertThat(got.records).singleElement()
                .satisfies(r -> assertThat(r.context().get("scan").asText()).isEqualTo("9e99999999999"));
    }
}
