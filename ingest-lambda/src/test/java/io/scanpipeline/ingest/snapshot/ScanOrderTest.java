package io.scanpipeline.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.ingest.SourceObject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScanOrderTest {

    private static final Instant SECOND = Instant.parse("2026-12-05T20:00:01Z");

    private static SourceObject version(String key, String versionId, String sequencer) {
        return new SourceObject("scans", key, Optional.of(versionId), Optional.ofNullable(sequencer), 10);
    }

    @Test
    void twoVersionsOfOneKeyInTheSameSecond_areOrderedByTheirSequencer_notByTheirRandomVersionIds() {
        // the later upload has the smaller version id: order must still follow S3's sequencer
        String earlier = ScanOrder.of(SECOND, version("trivy/a.json", "zzzz-earlier", "0062A4F1B5C0D8E1F0"));
        String later = ScanOrder.of(SECOND, version("trivy/a.json", "aaaa-later", "0062A4F1B5C0D8E1F7"));

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void sequencersOfDifferentLengths_compareAsS3Says_leftPaddedWithZeros() {
        String shorter = ScanOrder.of(SECOND, version("k", "v1", "FFFFFFFFFFFFFFFF"));
        String longer = ScanOrder.of(SECOND, version("k", "v2", "010000000000000000"));

        assertThat(longer).isGreaterThan(shorter);
    }

    @Test
    void aPassWithoutTheSequencer_isTheOldestOfItsSecond_andALaterSecondStillWins() {
        String unknown = ScanOrder.of(SECOND, version("k", "v9", null));
        String known = ScanOrder.of(SECOND, version("k", "v1", "0062A4F1B5C0D8E1F0"));
        String nextSecond = ScanOrder.of(SECOND.plusSeconds(1), version("k", "v0", null));

        assertThat(known).isGreaterThan(unknown);
        assertThat(nextSecond).isGreaterThan(known);
    }

    @Test
    void theSameVersion_getsTheSameName_onEveryRead() {
        assertThat(ScanOrder.of(SECOND, version("k", "v1", "00AB")))
                .isEqualTo(ScanOrder.of(SECOND, version("k", "v1", "00ab")));
    }
}
