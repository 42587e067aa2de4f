package io.scanpipeline.sink.hec;

import java.nio.charset.StandardCharsets;

/** The bytes the HEC client would send for one event, for tests outside this package. */
public final class HecWire {

    private HecWire() {}

    /** The event object exactly as written on the wire with {@code config}'s defaults. */
    public static String eventJson(HecEvent event, HecConfig config) {
        return new String(HecEncoder.encode(event, config), StandardCharsets.UTF_8);
    }
}
