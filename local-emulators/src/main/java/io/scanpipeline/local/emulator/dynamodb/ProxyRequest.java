package io.scanpipeline.local.emulator.dynamodb;

import java.util.List;
import java.util.Map;

/** A caller's HTTP request as the proxy received it. */
record ProxyRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

    /** The same request with another body, as forwarded to dynalite. */
    ProxyRequest withBody(byte[] newBody) {
        return new ProxyRequest(method, pathAndQuery, headers, newBody);
    }
}
