package io.scanpipeline.splunk.search.index;

import java.util.Objects;

/**
 * What HEC fills in when an event omits it: the token's default index, the host the request came from, the source
 * {@code http:<token name>} and the sourcetype {@code httpevent}; {@code splunkServer} is the indexer's name.
 */
public record HecDefaults(String index, String host, String tokenName, String sourcetype, String splunkServer) {
    public HecDefaults {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tokenName, "tokenName");
        Objects.requireNonNull(sourcetype, "sourcetype");
        Objects.requireNonNull(splunkServer, "splunkServer");
    }

    /** index main, host 127.0.0.1, token "local", sourcetype httpevent, server "local-splunk". */
    public static HecDefaults local() {
        return new HecDefaults("main", "127.0.0.1", "local", "httpevent", "local-splunk");
    }

    /** HEC's default source for events that do not name one. */
    public String source() {
        return "http:" + tokenName;
    }
}
