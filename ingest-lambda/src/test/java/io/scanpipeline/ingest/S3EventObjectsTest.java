package io.scanpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3EventObjectsTest {

    @Test
    void realPutEvent_givesTheDecodedKeyVersionAndSequencer() {
        List<SourceObject> objects = S3EventObjects.createdObjects(LambdaEvents.s3EventResource("s3-put-event.json"));
        assertThat(objects)
                .containsExactly(new SourceObject(
                        "sourcebucket",
                        "Happy Face.jpg",
                        Optional.of("version"),
                        Optional.of("Happy Sequencer"),
                        1024));
    }

    @Test
    void plusInAnEventKey_isASpace() {
        List<SourceObject> objects =
                S3EventObjects.createdObjects(LambdaEvents.s3EventResource("s3-put-event-plus-encoded-key.json"));
        assertThat(objects).extracting(SourceObject::key).containsExactly("HappyFace.jpg", "New File.jpg");
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.versionId()).isEmpty();
            assertThat(o.sequencer()).contains("0A1B2C3D4E5F678901");
        });
    }

    @Test
    void percentEncodedUtf8_andLiteralPlus_decodeExactly() {
        assertThat(S3EventObjects.decodeKey("reports/scan+2024%2Bfinal/%C3%A9t%C3%A9-%F0%9F%98%80.json"))
                .isEqualTo("reports/scan 2024+final/été-😀.json");
    }

    @Test
    void nonCreatedEvents_areIgnored() throws Exception {
        String json = new String(
                        getClass()
                                .getResourceAsStream("/events/s3-put-event.json")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8)
                .replace("ObjectCreated:Put", "ObjectRemoved:Delete");
        assertThat(S3EventObjects.createdObjects(LambdaEvents.s3Event(json))).isEmpty();
    }
}
