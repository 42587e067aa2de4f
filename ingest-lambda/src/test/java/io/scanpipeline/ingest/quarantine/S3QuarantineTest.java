package io.scanpipeline.ingest.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.ingest.SourceObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The quarantine object's name: any legal source key (up to 1,024 UTF-8 bytes) gives a legal S3 key. */
class S3QuarantineTest {

    /** keyFor only formats a name; the client is never used. */
    private final S3Quarantine quarantine = new S3Quarantine(null, Optional.empty(), "quarantine/");

    private static SourceObject source(String key, String version) {
        return new SourceObject("scans", key, Optional.ofNullable(version), Optional.empty(), -1);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void shortKey_keepsTheReadableName() {
        assertThat(quarantine.keyFor(source("trivy/a.json", "v1"))).isEqualTo("quarantine/trivy/a.json/v1.ndjson");
        assertThat(quarantine.keyFor(source("trivy/a.json", null)))
                .isEqualTo("quarantine/trivy/a.json/unversioned.ndjson");
    }

    @Test
    void sourceKeyOfThe1024ByteLimit_givesAQuarantineKeyWithinTheLimit() {
        String key = "scans/" + "k".repeat(1024 - 6);
        String version = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY1";
        String quarantineKey = quarantine.keyFor(source(key, version));
        assertThat(bytes(quarantineKey)).isLessThanOrEqualTo(1024);
        assertThat(quarantineKey).startsWith("quarantine/scans/kkk").endsWith("/" + version + ".ndjson");
    }

    @Test
    void longKeys_thatShareTheirStart_getDifferentQuarantineKeys_everyTimeTheSame() {
        String start = "x/" + "a".repeat(1000);
        String a = quarantine.keyFor(source(start + "-1.json", "v1"));
        String b = quarantine.keyFor(source(start + "-2.json", "v1"));
        assertThat(a).isNotEqualTo(b);
        assertThat(quarantine.keyFor(source(start + "-1.json", "v1"))).isEqualTo(a);
    }

    @Test
    void multiByteCharacters_areNeverCutInHalf() {
        String key = "é".repeat(512); // 1,024 bytes of two-byte characters
        String quarantineKey = quarantine.keyFor(source(key, "v1"));
        assertThat(bytes(quarantineKey)).isLessThanOrEqualTo(1024);
        assertThat(new String(quarantineKey.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(quarantineKey)
                .doesNotContain("\uFFFD");
    }

    @Test
    void veryLongVersionId_stillGivesALegalKey() {
        String quarantineKey = quarantine.keyFor(source("k".repeat(1024), "v".repeat(1024)));
        assertThat(bytes(quarantineKey)).isLessThanOrEqualTo(1024);
        assertThat(quarantineKey).startsWith("quarantine/");
    }
}
