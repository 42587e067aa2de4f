package io.scanpipeline.sink.hec;

/**
 * Where the client gets its HEC token: fixed from the environment, or read at run time from a secret store so that a
 * rotated token is picked up without a restart. {@link #read()} is called once at start and again whenever HEC
 * refuses the token (HTTP 401/403, codes 1-4); the client spaces re-reads by at least
 * {@link HecTokens#MIN_RELOAD_INTERVAL}.
 */
@FunctionalInterface
public interface HecTokenSource {

    /**
     * The token now.
     *
     * @throws io.scanpipeline.core.ConfigException naming the variable when it cannot be read
     */
    HecToken read();

    /** A token that never changes ({@code HEC_TOKEN}). */
    static HecTokenSource fixed(HecToken token) {
        java.util.Objects.requireNonNull(token, "token");
        return () -> token;
    }
}
