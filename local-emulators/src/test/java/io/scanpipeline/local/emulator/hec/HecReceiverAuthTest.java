package io.scanpipeline.local.emulator.hec;

import static io.scanpipeline.local.emulator.hec.HecRequests.ACK_TOKEN;
import static io.scanpipeline.local.emulator.hec.HecRequests.TOKEN;
import static io.scanpipeline.local.emulator.hec.HecRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HecReceiverAuthTest {

    private static final String EVENT = "{\"event\":\"hello\"}";

    private HecReceiver receiver;

    @AfterEach
    void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    private HecRequests start(HecReceiverConfig.Builder config) throws Exception {
        receiver = HecReceiver.start(config.token(TOKEN, false)
                .token(ACK_TOKEN, true)
                .disabledToken("old")
                .build());
        return new HecRequests(receiver.endpoint());
    }

    @Test
    void missingAuthorization_is401Code2() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        HttpResponse<String> response =
                hec.send(hec.request("/services/collector/event").POST(HttpRequest.BodyPublishers.ofString(EVENT)));
        assertAnswer(response, 401, 2, "Token is required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Splunk");
    }

    @Test
    void malformedAuthorizationHeader_is401Code3() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        for (String header : new String[] {"Bearer " + TOKEN, "Splunk", TOKEN, "Splunk    "}) {
            HttpResponse<String> response = hec.send(hec.request("/services/collector/event")
                    .header("Authorization", header)
                    .POST(HttpRequest.BodyPublishers.ofString(EVENT)));
            assertAnswer(response, 401, 3, "Invalid authorization");
        }
    }

    @Test
    void unknownToken_is403Code4() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        assertAnswer(hec.post("/services/collector/event", "nobody-knows-me", EVENT), 403, 4, "Invalid token");
    }

    @Test
    void disabledToken_is403Code1() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        assertAnswer(hec.post("/services/collector/event", "old", EVENT), 403, 1, "Token disabled");
    }

    @Test
    void basicAuthWithTokenAsPassword_isAccepted() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        String basic = Base64.getEncoder().encodeToString(("x:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = hec.send(hec.request("/services/collector/event")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(EVENT)));
        assertAnswer(response, 200, 0, "Success");
        assertThat(receiver.events()).hasSize(1);
    }

    @Test
    void queryStringToken_is400Code16WhenNotEnabled() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        HttpResponse<String> response = hec.send(hec.request("/services/collector/event?token=" + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(EVENT)));
        assertAnswer(response, 400, 16, "Query string authorization is not enabled");
        assertThat(receiver.events()).isEmpty();
    }

    @Test
    void queryStringToken_isAcceptedWhenEnabled() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder().queryStringAuth(true));
        HttpResponse<String> response = hec.send(hec.request("/services/collector/event?token=" + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(EVENT)));
        assertAnswer(response, 200, 0, "Success");
    }

    @Test
    void ackRequestWithTokenWithoutAcks_is400Code14() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        assertAnswer(hec.postOnChannel("/services/collector/ack", TOKEN, "{\"acks\":[0]}"), 400, 14, "ACK is disabled");
    }

    @Test
    void unknownPathBelowCollector_is404() throws Exception {
        HecRequests hec = start(HecReceiverConfig.builder());
        assertThat(hec.post("/services/collector/nothing", TOKEN, EVENT).statusCode())
                .isEqualTo(404);
    }

    @Test
    void configToString_doesNotShowTokens() {
        HecReceiverConfig config = HecReceiverConfig.builder()
                .token(TOKEN, false)
                .disabledToken("old")
                .build();
        assertThat(config.toString())
                .doesNotContain(TOKEN)
                .doesNotContain("old")
                .contains("tokens=2");
    }

    static void assertAnswer(HttpResponse<String> response, int status, int code, String text) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("text").asText()).isEqualTo(text);
    }
}
