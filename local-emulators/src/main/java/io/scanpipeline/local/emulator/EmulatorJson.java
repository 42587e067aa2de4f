package io.scanpipeline.local.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/** The JSON mapper of the emulators. */
final class EmulatorJson {

    // Decimals are kept as BigDecimal with their scale so that a body the proxy rewrites (for example
    // CreationDateTime 1700000000.123 in a TableDescription) goes back with the digits dynalite wrote.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EmulatorJson() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
