package io.scanpipeline.sink.hec;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.sink.hec.HecResponse.Disposition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HecResponseTest {

    private static HecResponse parse(int status, String body) {
        return HecResponse.parse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
    @CsvSource({
        "200, 0, SUCCESS",
        "403, 1, AUTH",
        "401, 2, AUTH",
        "401, 3, AUTH",
        "403, 4, AUTH",
        "400, 5, CONFIGURATION",
        "400, 6, REJECT_EVENT",
        "400, 7, REJECT_EVENT",
        "500, 8, RETRY",
        "503, 9, RETRY",
        "400, 10, CONFIGURATION",
        "400, 11, CONFIGURATION",
        "400, 12, REJECT_EVENT",
        "400, 13, REJECT_EVENT",
        "400, 14, CONFIGURATION",
        "400, 15, REJECT_EVENT",
        "400, 16, CONFIGURATION",
        "503, 18, RETRY",
        "503, 19, RETRY",
        "503, 20, RETRY",
        "503, 23, RETRY",
        "200, 17, UNEXPECTED",
        "200, 99, UNEXPECTED",
        "400, 99, UNEXPECTED",
        "404, 404, UNEXPECTED",
        "201, 0, UNEXPECTED",
        "500, 6, RETRY",
    })
    void everyHecCode_hasTheDispositionOfTheStatusTable(int status, int code, Disposition expected) {
        HecResponse response = parse(status, "{\"text\":\"t\",\"code\":" + code + "}");
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.disposition()).isEqualTo(expected);
    }

    @Test
    void tooManyRequestsWithAPlainTextBody_isRetried() {
        HecResponse response = parse(429, "Too Many Requests");
        assertThat(response.code()).isNull();
        assertThat(response.disposition()).isEqualTo(Disposition.RETRY);
        assertThat(response.describe()).isEqualTo("HTTP 429 (Too Many Requests)");
    }

    @Test
    void okWithoutAJsonBody_isNeverSuccess() {
        assertThat(parse(200, "<html>login</html>").disposition()).isEqualTo(Disposition.UNEXPECTED);
        assertThat(parse(200, "").disposition()).isEqualTo(Disposition.UNEXPECTED);
        assertThat(parse(200, "{\"text\":\"Success\"}").disposition()).isEqualTo(Disposition.UNEXPECTED);
    }

    @Test
    void successWithAckId_andRejectionWithEventNumber_areRead() {
        HecResponse ok = parse(200, "{\"text\":\"Success\",\"code\":0,\"ackId\":42}");
        assertThat(ok.ackId()).isEqualTo(42L);
        HecResponse bad = parse(400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":3}");
        assertThat(bad.invalidEventNumber()).isEqualTo(3);
        assertThat(bad.describe()).isEqualTo("HTTP 400 code 6 (Invalid data format) invalid-event-number 3");
    }

    @Test
    void longBodies_areCutForMessages() {
        HecResponse response = parse(502, "x".repeat(5000));
        assertThat(response.text()).hasSize(203).endsWith("...");
    }
}
