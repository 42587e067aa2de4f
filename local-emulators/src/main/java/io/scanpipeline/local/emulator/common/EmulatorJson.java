package io.scanpipeline.local.emulator.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper of every emulator (the DynamoDB proxy, DynamoDB Streams, Kinesis and the HEC receiver).
 *
 * <p>Numbers stay exact: decimals are kept as BigDecimal with their scale, so that a body the DynamoDB proxy
 * rewrites (for example CreationDateTime 1700000000.123 in a TableDescription) goes back with the digits dynalite
 * wrote, and an event the HEC receiver stores shows every digit the sender wrote.
 */
public final class EmulatorJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EmulatorJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
