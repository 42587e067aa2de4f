package io.scanpipeline.local.emulator.hec;

import io.scanpipeline.local.emulator.hec.HecReceiverConfig.TokenState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** HEC authentication: {@code Authorization: Splunk <token>}, Basic with the token as password, or {@code ?token=}. */
final class HecAuth {

    /** Either the state of an accepted token or the error reply. */
    record Outcome(TokenState state, HecReply error) {}

    private HecAuth() {}

    static Outcome authenticate(String authorization, Map<String, String> query, HecReceiverConfig config) {
        String queryToken = query.get("token");
        if (queryToken != null && !config.queryStringAuth()) {
            return failed(16);
        }
        String token;
        if (authorization != null) {
            token = fromHeader(authorization.trim());
            if (token == null || token.isBlank()) {
                return failed(3);
            }
        } else if (queryToken != null) {
            token = queryToken;
        } else {
            return failed(2);
        }
        TokenState state = config.tokens().get(token);
        if (state == null) {
            return failed(4);
        }
        if (state == TokenState.DISABLED) {
            return failed(1);
        }
        return new Outcome(state, null);
    }

    /** The token in an Authorization header, or null when the header is not a form HEC understands. */
    private static String fromHeader(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String credentials = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Splunk")) {
            return credentials;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(colon + 1);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }

    private static Outcome failed(int code) {
        return new Outcome(null, HecReply.of(code));
    }
}
