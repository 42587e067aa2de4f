package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.core.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadLimitsTest {

    @Test
    void noVariables_giveTheDocumentedDefaults() {
        ReadLimits limits = ReadLimits.fromEnv(Map.of());
        assertThat(limits).isEqualTo(ReadLimits.DEFAULTS);
        assertThat(limits.maxRecordBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(limits.maxDecompressedBytes()).isEqualTo(8L * 1024 * 1024 * 1024);
        assertThat(limits.maxDecompressionRatio()).isEqualTo(200);
        assertThat(limits.maxRecordsPerLine()).isEqualTo(10_000);
        assertThat(limits.maxContextBytes()).isEqualTo(65_536);
    }

    @Test
    void eachVariable_isReadAndABadValueNamesIt() {
        ReadLimits limits = ReadLimits.fromEnv(Map.of(
                "MAX_RECORD_BYTES",
                "4096",
                "MAX_DECOMPRESSED_BYTES",
                "10000000000",
                "MAX_DECOMPRESSION_RATIO",
                "50",
                "MAX_RECORDS_PER_LINE",
                "7",
                "MAX_CONTEXT_BYTES",
                "99"));
        assertThat(limits).isEqualTo(new ReadLimits(4096, 10_000_000_000L, 50, 7, 99));
        assertThatThrownBy(() -> ReadLimits.fromEnv(Map.of("MAX_RECORDS_PER_LINE", "0")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("MAX_RECORDS_PER_LINE"));
        assertThatThrownBy(() -> ReadLimits.fromEnv(Map.of("MAX_CONTEXT_BYTES", "lots")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo("MAX_CONTEXT_BYTES must be a whole number, was 'lots'"));
        assertThatThrownBy(() -> ReadLimits.fromEnv(Map.of("MAX_RECORD_BYTES", "2000000000")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.variable()).isEqualTo("MAX_RECORD_BYTES"));
    }
}
