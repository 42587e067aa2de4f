package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.Json;
import io.scanpipeline.core.RejectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class S3QuarantineTest {

    /** Stands in for S3: implements only putObject, the one call the quarantine makes, and keeps the bodies. */
    private static final class FakeS3 implements S3Client {
        final List<PutObjectRequest> requests = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            requests.add(request);
            try (InputStream in = body.contentStreamProvider().newStream()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }

    @Test
    void entry_isOneJsonLine_underAKeyDerivedFromTableAndSequenceNumber() throws Exception {
        FakeS3 s3 = new FakeS3();
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        S3Quarantine quarantine = new S3Quarantine(s3, "quarantine", "forwarder-quarantine/", new FakeClock(now));
        ChangeEnvelope envelope = ChangeEnvelope.of(
                ChangeEnvelope.EventName.INSERT,
                "Employees",
                Map.of("emp_id", AttributeValue.fromS("E1")),
                Map.of("emp_id", AttributeValue.fromS("E1")),
                null,
                "42",
                now);

        quarantine.put(new QuarantineEntry("Employees", "42", "ev-1", "too large", envelope));
        quarantine.put(new QuarantineEntry(null, "43", null, "unmappable", null));

        assertThat(s3.requests)
                .extracting(PutObjectRequest::key)
                .containsExactly(
                        "forwarder-quarantine/Employees/42.json", "forwarder-quarantine/unknown-table/43.json");
        assertThat(s3.requests).extracting(PutObjectRequest::bucket).containsOnly("quarantine");
        String body = s3.bodies.get(0);
        assertThat(body).endsWith("\n").doesNotContain("\n\n");
        assertThat(body.strip()).doesNotContain("\n");
        JsonNode line = Json.mapper().readTree(body);
        assertThat(line.get("reason").asText()).isEqualTo("too large");
        assertThat(line.get("quarantinedAt").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(line.get("eventId").asText()).isEqualTo(envelope.eventId());
        assertThat(line.at("/envelope/newImage/emp_id").asText()).isEqualTo("E1");
        assertThat(Json.mapper().readTree(s3.bodies.get(1)).has("envelope")).isFalse();
    }

    @Test
    void entry_isStoredInTheSharedRejectStore_underTheSameKey() throws Exception {
        Map<String, byte[]> stored = new TreeMap<>();
        // a small fake of our own port: only put is called by the quarantine
        RejectStore store = new RejectStore() {
            @Override
            public void put(String key, byte[] body) {
                stored.put(key, body);
            }

            @Override
            public byte[] get(String key) {
                return stored.get(key);
            }

            @Override
            public List<String> list(String prefix) {
                return stored.keySet().stream()
                        .filter(key -> key.startsWith(prefix))
                        .toList();
            }

            @Override
            public String location() {
                return "memory://quarantine";
            }
        };
        S3Quarantine quarantine = new S3Quarantine(store, "q/", new FakeClock(Instant.parse("2024-01-01T00:00:00Z")));

        quarantine.put(new QuarantineEntry("Employees", "42", "ev-1", "unmappable", null));
        quarantine.put(new QuarantineEntry("Employees", "42", "ev-1", "unmappable", null));

        assertThat(store.list("q/")).containsExactly("q/Employees/42.json");
        JsonNode line = Json.mapper().readTree(new String(store.get("q/Employees/42.json"), StandardCharsets.UTF_8));
        assertThat(line.get("reason").asText()).isEqualTo("unmappable");
        assertThat(line.get("sequenceNumber").asText()).isEqualTo("42");
    }
}
