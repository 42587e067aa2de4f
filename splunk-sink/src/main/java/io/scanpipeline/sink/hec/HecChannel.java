package io.scanpipeline.sink.hec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data channel: a GUID on one endpoint. Splunk numbers ackIds per channel and per indexer, so an ack is always
 * polled on the channel (and endpoint) that received the request, and the channel keeps the cookies a load balancer
 * sets (e.g. an AWS ALB's {@code AWSALB}, HAProxy's {@code SERVERID}) so that its polls reach the same indexer, as
 * Splunk advises. Channels compare by identity: a channel retired after an ackId reuse is a different channel even
 * if a GUID ever came back.
 */
final class HecChannel {

    private final HecEndpoint endpoint;
    private final String id;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    HecChannel(HecEndpoint endpoint, String id) {
        this.endpoint = endpoint;
        this.id = id;
    }

    HecEndpoint endpoint() {
        return endpoint;
    }

    String id() {
        return id;
    }

    /** The {@code Cookie} header value for this channel's next request, or null when it has none. */
    synchronized String cookieHeader() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> {
            if (header.length() > 0) {
                header.append("; ");
            }
            header.append(name).append('=').append(value);
        });
        return header.toString();
    }

    /** Keeps the name and value of each {@code Set-Cookie} answer (attributes such as Path or Expires ignored). */
    synchronized void remember(List<String> setCookies) {
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0].trim();
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    @Override
    public String toString() {
        return endpoint.base() + "#" + id;
    }
}
